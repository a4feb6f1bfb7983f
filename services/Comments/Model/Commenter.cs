namespace Blog.Comments.Model;

/// <summary>
/// What Comments knows of an account, from Identity's `UserRegistered` and `UserProfileUpdated`:
/// the name, bio and picture shown next to a comment. An account of another (fediverse) server is known
/// from Federation's `RemoteCommentReceived`: its handle as username and its profile's address.
/// </summary>
public sealed class Commenter : Blog.Messaging.Projections.IProfileCopy
{
    public Guid UserId { get; set; }
    public string Username { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Bio { get; set; } = "";
    public string? Image { get; set; }
    public DateTimeOffset? ProfileAsOf { get; set; }
    /// <summary>For an account of another server, its profile there (http or https); null for accounts of this site.</summary>
    public string? ProfileUrl { get; set; }
}
