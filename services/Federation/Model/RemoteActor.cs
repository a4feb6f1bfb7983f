namespace Blog.Federation.Model;

/// <summary>
/// An account on another server, as its own document said when last fetched: where to deliver to it
/// and the public key its requests are verified with.
/// </summary>
public sealed class RemoteActor
{
    /// <summary>The actor's id (an https URL), which its activities name as `actor`.</summary>
    public string Id { get; set; } = "";
    public string Inbox { get; set; } = "";
    /// <summary>The server's inbox for every account on it, when it has one: one delivery per server.</summary>
    public string? SharedInbox { get; set; }
    public string KeyId { get; set; } = "";
    public string PublicKeyPem { get; set; } = "";
    public string Username { get; set; } = "";
    /// <summary>The host of its id, which its handle and domain blocks go by.</summary>
    public string Host { get; set; } = "";
    public string? Name { get; set; }
    /// <summary>Its profile page for people.</summary>
    public string? Url { get; set; }
    public DateTimeOffset FetchedAt { get; set; }

    /// <summary>`@name@host`, as Mastodon shows it.</summary>
    public string Handle => $"@{Username}@{Host}";

    /// <summary>Its name, or its user name when it has none.</summary>
    public string DisplayName => Name is { Length: > 0 } name ? name : Username;

    /// <summary>Where activities for it go: its server's shared inbox, else its own.</summary>
    public string DeliveryInbox => SharedInbox ?? Inbox;

    /// <summary>The key the account is known by as a commenter: derived from its id, so every replica and every event agree on it.</summary>
    public Guid CommenterId => CommenterIdOf(Id);

    /// <summary>A name-based key (RFC 9562 version 8, from SHA-256 of the actor id): never one of Identity's random keys.</summary>
    public static Guid CommenterIdOf(string actorId)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("activitypub-actor:" + actorId), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}

/// <summary>A remote account following a local one (its `Follow` accepted).</summary>
public sealed class Follower
{
    public Guid LocalUserId { get; set; }
    public string ActorId { get; set; } = "";
    /// <summary>The `Follow` activity's id, which an `Undo` names.</summary>
    public string FollowId { get; set; } = "";
    public DateTimeOffset FollowedAt { get; set; }
    public RemoteActor Actor { get; set; } = null!;
}

/// <summary>A remote server admins refused: nothing from it is accepted, nothing is sent to it.</summary>
public sealed class BlockedDomain
{
    /// <summary>The host, lower-case (a block covers its subdomains too).</summary>
    public string Domain { get; set; } = "";
    public DateTimeOffset BlockedAt { get; set; }
    public string BlockedBy { get; set; } = "";

    /// <summary>Whether `host` (any port aside) is `domain` or one of its subdomains.</summary>
    public static bool Covers(string domain, string host)
    {
        var colon = host.LastIndexOf(':');
        var name = colon > 0 && !host.EndsWith(']') ? host[..colon] : host;
        return name.Equals(domain, StringComparison.OrdinalIgnoreCase) || name.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>An activity already handled at the inbox, by id: servers deliver again after a timeout.</summary>
public sealed class ReceivedActivity
{
    public string Id { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>
/// A reply from the fediverse (a remote account's public `Note` answering a post, or a note taken in before)
/// taken in as a comment: kept to thread replies to it under it and to match the `Delete` that withdraws it.
/// </summary>
public sealed class RemoteComment
{
    public const int MaxNoteIdLength = 2000;

    /// <summary>The note's id.</summary>
    public string NoteId { get; set; } = "";
    public Guid CommentId { get; set; }
    public Guid PostId { get; set; }
    public string ActorId { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
    /// <summary>The `updated` time of the last edit taken (an older or repeated `Update` changes nothing).</summary>
    public DateTimeOffset? EditedAt { get; set; }
}

/// <summary>A remote account's like of a post (its `Like` activity), kept to match the `Undo` that takes it back.</summary>
public sealed class RemoteLike
{
    /// <summary>The `Like` activity's id.</summary>
    public string ActivityId { get; set; } = "";
    public Guid PostId { get; set; }
    public string ActorId { get; set; } = "";
    public DateTimeOffset LikedAt { get; set; }
}
