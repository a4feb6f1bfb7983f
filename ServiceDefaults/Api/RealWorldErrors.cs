using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace Blog.ServiceDefaults.Api;

/// <summary>The RealWorld error body: `{"errors":{"field":["message"]}}`.</summary>
public sealed record ErrorsEnvelope(IReadOnlyDictionary<string, string[]> Errors);

/// <summary>Collects validation messages per field, in the RealWorld shape.</summary>
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
    public const string ErrorsKey = "errors";

    public static JsonHttpResult<ErrorsEnvelope> Error(int status, string field, string message) =>
        TypedResults.Json(new ValidationErrors().Add(field, message).ToEnvelope(), statusCode: status);

    /// <summary>404 for a resource (`article`, `profile`, `comment`...): the spec keys the error by the resource's type.</summary>
    public static ProblemHttpResult NotFound(string resource, string? detail = null) =>
        Problem(StatusCodes.Status404NotFound, resource, "not found", detail);

    /// <summary>403 for a resource the caller may not change; `detail` says which rule refused.</summary>
    public static ProblemHttpResult Forbidden(string resource, string? detail = null) =>
        Problem(StatusCodes.Status403Forbidden, resource, "forbidden", detail);

    /// <summary>409: the resource (`username`, `slug`...) already exists or is in a state the request conflicts with.</summary>
    public static ProblemHttpResult Conflict(string resource, string message, string? detail = null) =>
        Problem(StatusCodes.Status409Conflict, resource, message, detail);

    /// <summary>An RFC 7807 problem that also carries the RealWorld `errors` object.</summary>
    public static ProblemHttpResult Problem(int status, string key, string message, string? detail = null, string? title = null) =>
        TypedResults.Problem(statusCode: status, title: title ?? $"{char.ToUpperInvariant(key[0])}{key[1..]} {message}", detail: detail,
            extensions: new Dictionary<string, object?> { [ErrorsKey] = new Dictionary<string, string[]> { [key] = [message] } });

    /// <summary>
    /// Every problem answer carries the RealWorld `errors` object beside RFC 7807's fields, so a Conduit client
    /// reads every 4xx alike: challenges and empty status codes included (`UseStatusCodePages` writes those).
    /// </summary>
    public static void AddErrorsObject(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey(ErrorsKey)) return;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var (key, message) = status switch
        {
            StatusCodes.Status401Unauthorized =>
                ("token", context.HttpContext.Request.Headers.Authorization.Count == 0 ? "is missing" : "is invalid or expired"),
            StatusCodes.Status403Forbidden => ("resource", "forbidden"),
            StatusCodes.Status404NotFound => ("resource", "not found"),
            StatusCodes.Status409Conflict => ("resource", "conflicts with its current state"),
            StatusCodes.Status429TooManyRequests => ("request", "too many requests; try again later"),
            _ => ("request", (problem.Title ?? ReasonPhrases.GetReasonPhrase(status)).ToLowerInvariant()),
        };
        problem.Extensions[ErrorsKey] = new Dictionary<string, string[]> { [key] = [message] };
    }
}
