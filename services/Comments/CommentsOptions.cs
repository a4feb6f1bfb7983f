namespace Blog.Comments;

/// <summary>Settings under `Comments:` in configuration.</summary>
public sealed class CommentsOptions
{
    /// <summary>How long after writing a comment its author may still edit it.</summary>
    public TimeSpan EditWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Comments, replies and reports one account may write per `WritesWindow` (all replicas together); more get 429.</summary>
    public int WritesPerWindow { get; set; } = 6;
    public TimeSpan WritesWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Prefix of the rate limit's Redis keys, for platforms (or test runs) sharing one Redis.</summary>
    public string RateLimitKeyPrefix { get; set; } = "blog:comments:writes:";
}
