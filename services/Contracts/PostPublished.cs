namespace Blog.Contracts;

// Events about posts, raised by Posts. Exchange of each: `Blog.Contracts:<TypeName>` (fanout).
// Wire contract: fields are only ever added; a breaking change is a new type name.

/// <summary>
/// Raised when a post becomes public: created published, a draft published, or an unpublished post published
/// again (it keeps its first <c>PublishedAt</c>). Edits to a public post raise <see cref="PostUpdated"/> instead.
/// </summary>
/// <param name="PostId">The post's key, the same in every event about it.</param>
/// <param name="Slug">The post's address on the site: <c>/articles/{slug}</c>.</param>
/// <param name="Title">The title.</param>
/// <param name="AuthorUsername">The author's username when the event was raised.</param>
/// <param name="Category">The category's name, or null.</param>
/// <param name="Tags">The tags, lower-case.</param>
/// <param name="PublishedAt">When the post was first published.</param>
/// <param name="Description">The summary (since 1.1.0; empty in older messages).</param>
/// <param name="CanonicalUrl">The post's public address (since 1.1.0; empty in older messages).</param>
/// <param name="AuthorId">The author's key (since 1.1.0; empty in older messages).</param>
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

/// <summary>Raised when a published post's title, description, body, category or tags change.</summary>
/// <param name="PostId">The post's key.</param>
/// <param name="Slug">The post's current slug (a new title gives a new one; old ones keep leading to the post).</param>
/// <param name="Title">The title.</param>
/// <param name="Description">The summary.</param>
/// <param name="AuthorUsername">The author's username.</param>
/// <param name="Category">The category's name, or null.</param>
/// <param name="Tags">The tags, lower-case.</param>
/// <param name="UpdatedAt">When the change was made.</param>
/// <param name="CanonicalUrl">The post's public address.</param>
/// <param name="AuthorId">The author's key.</param>
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

/// <summary>Raised when a published post goes back to draft: it is no longer public.</summary>
/// <param name="PostId">The post's key.</param>
/// <param name="Slug">The post's slug.</param>
/// <param name="UnpublishedAt">When it stopped being public.</param>
public sealed record PostUnpublished(Guid PostId, string Slug, DateTimeOffset UnpublishedAt);

/// <summary>Raised when a post is deleted.</summary>
/// <param name="PostId">The post's key.</param>
/// <param name="Slug">The post's slug.</param>
/// <param name="DeletedAt">When it was deleted.</param>
public sealed record PostDeleted(Guid PostId, string Slug, DateTimeOffset DeletedAt);
