using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blog.ServiceDefaults.Api;

/// The RealWorld error body: `{"errors":{"field":["message"]}}`.
public sealed record ErrorsEnvelope(IReadOnlyDictionary<string, string[]> Errors);

/// Collects validation messages per field, in the RealWorld shape.
public sealed class ValidationErrors
{
    readonly Dictionary<string, List<string>> errors = [];

    public bool Any => errors.Count > 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages)) errors[field] = messages = [];
        messages.Add(message);
        return this;
    }

    public ErrorsEnvelope ToEnvelope() => new(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    public UnprocessableEntity<ErrorsEnvelope> ToResult() => TypedResults.UnprocessableEntity(ToEnvelope());

    public static UnprocessableEntity<ErrorsEnvelope> For(string field, string message) =>
        new ValidationErrors().Add(field, message).ToResult();
}

public static class RealWorldResults
{
    public static JsonHttpResult<ErrorsEnvelope> Error(int status, string field, string message) =>
        TypedResults.Json(new ValidationErrors().Add(field, message).ToEnvelope(), statusCode: status);
}
