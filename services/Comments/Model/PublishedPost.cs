namespace Blog.Comments.Model;

/// <summary>
/// What Comments knows of a post: learned from Posts' events, never by calling Posts.
/// Comments may only be written on a post known here.
/// </summary>
public sealed class PublishedPost
{
    public Guid PostId { get; set; }
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public string AuthorUsername { get; set; } = "";
    public Guid AuthorId { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
}
