namespace Blog.Identity.Model;

/// A reader following a blogger.
public sealed class Follow
{
    public Guid FollowerId { get; set; }
    public Guid FolloweeId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
