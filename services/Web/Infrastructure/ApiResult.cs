using System.Net;
using Blog.Web.Model;

namespace Blog.Web.Infrastructure;

/// What a call to a service gave: a value, a refusal the reader can act on (404, 422, 403...), or
/// nothing because the service could not be reached, so a page can still render around the gap.
public sealed record ApiResult<T>(T? Value, HttpStatusCode? Status, ApiErrors? Errors)
{
    /// A 2xx answer. (Not `Value is not null`: for a struct such as JsonElement that is always true, refusals included.)
    public bool Ok => Status is { } status && (int)status is >= 200 and < 300;
    public bool Unavailable => Status is null || (int)Status >= 500;
    public bool NotFound => Status == HttpStatusCode.NotFound;
}

public static class ApiResult
{
    /// No answer at all: the service could not be reached.
    public static ApiResult<T> Down<T>() => new(default, null, null);
}
