using Blog.ServiceDefaults.Authentication;
using Blog.ServiceDefaults.RateLimiting;

namespace Blog.Comments.Apis;

/// <summary>
/// A per-account limit on comments, replies and reports, counted in Redis across replicas;
/// beyond it the writer gets 429 with `Retry-After`. (Moderation's flooding rule is the second line.)
/// </summary>
public static class CommentWriteLimits
{
    public const string Policy = "comment-writes";

    public static void AddCommentWriteLimits(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Comments").Get<CommentsOptions>() ?? new CommentsOptions();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context => RedisRateLimits.FixedWindow(context,
                $"{options.RateLimitKeyPrefix}{context.User.UserId()?.ToString() ?? "anonymous"}", options.WritesPerWindow, options.WritesWindow));
            limiter.RejectWithRetryAfter();
        });
    }
}
