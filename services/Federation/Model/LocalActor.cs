using Blog.Messaging.Projections;

namespace Blog.Federation.Model;

/// <summary>
/// An account of this site as the fediverse sees it: a `Person` at `/users/{username}`, with the key pair
/// its activities are signed with. Made from Identity's account events; an account deleted stays as a
/// tombstone (its key signs the `Delete` its followers are sent, and its address answers 410 Gone).
/// </summary>
public sealed class LocalActor : IProfileCopy
{
    public Guid UserId { get; set; }
    public string Username { get; set; } = "";
    /// <summary>The username upper-cased, as Identity compares them.</summary>
    public string NormalizedUsername { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Bio { get; set; } = "";
    public string? Image { get; set; }
    public string PublicKeyPem { get; set; } = "";
    public string PrivateKeyPem { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public DateTimeOffset? ProfileAsOf { get; set; }
}
