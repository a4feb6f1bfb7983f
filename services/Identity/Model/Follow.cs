namespace Blog.Identity.Model;

/// <summary>A reader following a blogger.</summary>
public sealed class Follow
{
    public Guid FollowerId { get; set; }
    public Guid FolloweeId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
