using System.Net;
using System.Threading.RateLimiting;
using Blog.ServiceDefaults.RateLimiting;

namespace Blog.Gateway.RateLimiting;

/// <summary>
/// Rate limits shared by every gateway replica (the counters live in Redis): a global limit per
/// client, and a stricter one on sign-in and registration against password guessing.
/// </summary>
public static class RateLimitExtensions
{
    public const string SignInPolicy = "signin";

    public static void AddGatewayRateLimits(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();

        builder.Services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RedisRateLimits.FixedWindow(context, $"{limits.KeyPrefix}global:{ClientOf(context)}", limits.PerClientPermits, limits.PerClientWindow));
            options.AddPolicy(SignInPolicy, context =>
                RedisRateLimits.FixedWindow(context, $"{limits.KeyPrefix}signin:{ClientOf(context)}", limits.SignInPermits, limits.SignInWindow));
            options.RejectWithRetryAfter();
        });
    }

    static string ClientOf(HttpContext context) =>
        (context.Connection.RemoteIpAddress ?? IPAddress.None).ToString();
}

public sealed class RateLimitOptions
{
    /// <summary>Prefix of the counters' Redis keys, for platforms (or test runs) sharing one Redis.</summary>
    public string KeyPrefix { get; set; } = "blog:ratelimit:";
    public int PerClientPermits { get; set; } = 600;
    public TimeSpan PerClientWindow { get; set; } = TimeSpan.FromMinutes(1);
    public int SignInPermits { get; set; } = 10;
    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(1);
}
