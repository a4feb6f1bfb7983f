using System.Net;
using Blog.Web.Model;

namespace Blog.Web.Infrastructure;

/// <summary>
/// What a call to a service gave: a value, a refusal the reader can act on (404, 422, 403...), or
/// nothing because the service could not be reached, so a page can still render around the gap.
/// </summary>
public sealed record ApiResult<T>(T? Value, HttpStatusCode? Status, ApiErrors? Errors)
{
    /// <summary>A 2xx answer. (Not `Value is not null`: for a struct such as JsonElement that is always true, refusals included.)</summary>
    public bool Ok => Status is { } status && (int)status is >= 200 and < 300;
    public bool Unavailable => Status is null || (int)Status >= 500;
    public bool NotFound => Status == HttpStatusCode.NotFound;
    public bool Unauthorized => Status == HttpStatusCode.Unauthorized;

    /// <summary>What to tell the reader after a refused or failed call: the service's own messages, or why there are none.</summary>
    public IReadOnlyList<string> Messages(string whenUnavailable, string whenTooFast = "You are going too fast; please wait a minute and try again.") =>
        Unavailable ? [whenUnavailable]
        : Status == HttpStatusCode.TooManyRequests ? [whenTooFast]
        : Errors?.Messages.ToList() ?? ["That did not work."];

    /// <summary>The status of a page that shows this failure again: 503 when the service is down, else the service's own.</summary>
    public int PageStatus => Unavailable ? StatusCodes.Status503ServiceUnavailable : (int)(Status ?? HttpStatusCode.BadRequest);
}

public static class ApiResult
{
    /// <summary>No answer at all: the service could not be reached.</summary>
    public static ApiResult<T> Down<T>() => new(default, null, null);
}
