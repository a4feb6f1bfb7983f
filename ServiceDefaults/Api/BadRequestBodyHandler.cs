using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Blog.ServiceDefaults.Api;

/// <summary>
/// A body that cannot be read (malformed JSON, a wrong type for a field) is a client's mistake:
/// answered with the RealWorld 422 shape, never a 500. Other bad requests keep their status (413...).
/// </summary>
sealed class BadRequestBodyHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;

        if (bad.StatusCode == StatusCodes.Status400BadRequest)
        {
            httpContext.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await httpContext.Response.WriteAsJsonAsync(
                new ValidationErrors().Add("body", "is not valid JSON of the expected shape").ToEnvelope(), cancellationToken);
        }
        else
        {
            httpContext.Response.StatusCode = bad.StatusCode;
        }
        return true;
    }
}
