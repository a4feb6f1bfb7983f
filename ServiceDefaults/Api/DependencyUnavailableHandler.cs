using System.Data.Common;
using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Blog.ServiceDefaults.Api;

/// <summary>
/// A database or Redis that cannot be reached is an outage, not a bug: the client gets 503 with a
/// problem body and `Retry-After`, and may retry; nothing was changed (the transaction never committed).
/// </summary>
sealed class DependencyUnavailableHandler(IProblemDetailsService problems, ILogger<DependencyUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception) || httpContext.Response.HasStarted) return false;
        logger.LogWarning("{Method} {Path} failed because a dependency is unavailable: {Reason}", httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = "A store this service depends on cannot be reached right now. Nothing was changed; try again shortly.",
            },
        });
    }

    static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException { IsTransient: true } or RedisConnectionException or SocketException or TimeoutException) return true;
            // PostgreSQL shutting down or starting up (Npgsql's PostgresException carries the SQLSTATE).
            if (current is DbException { SqlState: "57P01" or "57P02" or "57P03" }) return true;
        }
        return false;
    }
}
