namespace Blog.Comments;

/// Settings under `Comments:` in configuration.
public sealed class CommentsOptions
{
    /// How long after writing a comment its author may still edit it.
    public TimeSpan EditWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// Comments, replies and reports one account may write per `WritesWindow` (all replicas together); more get 429.
    public int WritesPerWindow { get; set; } = 6;
    public TimeSpan WritesWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// Prefix of the rate limit's Redis keys, for platforms (or test runs) sharing one Redis.
    public string RateLimitKeyPrefix { get; set; } = "blog:comments:writes:";
}
