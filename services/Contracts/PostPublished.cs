namespace Blog.Contracts;

// Events about posts, raised by Posts. Exchange of each: `Blog.Contracts:<TypeName>` (fanout).
// Wire contract: fields are only ever added; a breaking change is a new type name.

/// Raised when a post becomes public: created published, a draft published, or an unpublished post published
/// again (it keeps its first `PublishedAt`). Edits to a public post raise `PostUpdated` instead.
public sealed record PostPublished(
    Guid PostId,
    string Slug,
    string Title,
    string AuthorUsername,
    string? Category,
    IReadOnlyList<string> Tags,
    DateTimeOffset PublishedAt,
    string Description = "",
    string CanonicalUrl = "",
    Guid AuthorId = default);

/// Raised when a published post's title, description, body, category or tags change.
public sealed record PostUpdated(
    Guid PostId,
    string Slug,
    string Title,
    string Description,
    string AuthorUsername,
    string? Category,
    IReadOnlyList<string> Tags,
    DateTimeOffset UpdatedAt,
    string CanonicalUrl,
    Guid AuthorId);

/// Raised when a published post goes back to draft: it is no longer public.
public sealed record PostUnpublished(Guid PostId, string Slug, DateTimeOffset UnpublishedAt);

/// Raised when a post is deleted.
public sealed record PostDeleted(Guid PostId, string Slug, DateTimeOffset DeletedAt);
