namespace Blog.Contracts;

/// Raised once when a post becomes public. Exchange: `Blog.Contracts:PostPublished` (fanout).
/// Wire contract: fields are only ever added; a breaking change is a new type name.
public sealed record PostPublished(
    Guid PostId,
    string Slug,
    string Title,
    string AuthorUsername,
    string? Category,
    IReadOnlyList<string> Tags,
    DateTimeOffset PublishedAt);
