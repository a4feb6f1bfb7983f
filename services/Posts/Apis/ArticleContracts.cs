using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Blog.Posts.Model;
using Blog.ServiceDefaults.Api;

namespace Blog.Posts.Apis;

// The RealWorld JSON shapes, with our additions.

public sealed record ArticleEnvelope<T>(T? Article);

/// <summary>
/// A new post, or the fields of a post to change (an update changes only what it names). `title`, `description`
/// and `body` need a value when named; `tagList`, when named, a list. `category` (named as null: none),
/// `status` (`published`, `draft` or `scheduled`) and `publishAt` (ISO 8601, with `scheduled`) are extensions.
/// </summary>
public sealed class ArticleInput : PartialInput
{
    public string? Title { get; init => field = Given(value); }
    public string? Description { get; init => field = Given(value); }
    public string? Body { get; init => field = Given(value); }
    public List<string?>? TagList { get; init => field = Given(value); }
    public string? Category { get; init => field = Given(value); }
    public string? Status { get; init; }
    public string? PublishAt { get; init; }
}

public sealed record AuthorResponse(string Username, string? Bio, string? Image, bool Following, string DisplayName);

public sealed record CategoryResponse(string Slug, string Name);

public sealed record ReactionCounts(int Like, int Handshake);

/// <summary>
/// A list's items leave `body` and `bodyHtml` out (the spec's list item has no body). `id` is the post's key: the
/// same in every event about it (`postId`), and what an image upload names (`articleId`).
/// </summary>
public sealed record ArticleResponse(
    Guid Id,
    string Slug,
    string Title,
    string Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Body,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BodyHtml,
    IReadOnlyList<string> TagList,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool Favorited,
    int FavoritesCount,
    AuthorResponse Author,
    CategoryResponse? Category,
    string Status,
    DateTimeOffset? PublishedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? PublishAt,
    long ViewsCount,
    int CommentsCount,
    int Popularity,
    ReactionCounts Reactions,
    IReadOnlyList<string> MyReactions,
    TakedownResponse? Takedown = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SnippetHtml = null);

/// <summary>Why moderators took a post down (shown to its author; the post is a draft until restored).</summary>
public sealed record TakedownResponse(string Reason, string TakenDownBy, DateTimeOffset TakenDownAt);

public sealed record MultipleArticles(IReadOnlyList<ArticleResponse> Articles, int ArticlesCount);

public sealed record ReactionsResponse(ReactionCounts Counts, IReadOnlyList<Reactor> Reactors);

/// <summary>One who reacted; from another server (a fediverse like), `username` is its handle `@name@host` and `url` its profile.</summary>
public sealed record Reactor(string Username, string DisplayName, string? Image, string Kind, DateTimeOffset ReactedAt, string? Url = null);

public sealed record TagsResponse(IReadOnlyList<string> Tags);

public sealed record CategoriesResponse(IReadOnlyList<CategoryResponse> Categories);

public sealed record CategoryInput(string? Name, string? Slug);

public sealed record CategoryEnvelope<T>(T? Category);

static class ArticleStatuses
{
    public const string Invalid = "must be published, draft or scheduled";

    public static string Name(ArticleStatus status) => status switch
    {
        ArticleStatus.Published => "published",
        ArticleStatus.Scheduled => "scheduled",
        _ => "draft",
    };

    public static bool TryParse(string? value, out ArticleStatus status)
    {
        status = value?.Trim().ToLowerInvariant() switch
        {
            null or "" or "published" => ArticleStatus.Published,
            "draft" => ArticleStatus.Draft,
            "scheduled" => ArticleStatus.Scheduled,
            _ => (ArticleStatus)(-1),
        };
        return Enum.IsDefined(status);
    }
}

public sealed record PreviewInput(string? Body);

public sealed record PreviewResponse(string BodyHtml);

/// <summary>
/// The query of `GET /api/articles`: filters, order, the author's drafts and paging, all optional; read as
/// text so a bad value is a 422 naming the field, never the binder's 400.
/// </summary>
public sealed record ArticleListQuery(
    [FromQuery(Name = "tag")] string? Tag = null,
    [FromQuery(Name = "author")] string? Author = null,
    [FromQuery(Name = "favorited")] string? Favorited = null,
    [FromQuery(Name = "category")] string? Category = null,
    [FromQuery(Name = "q")] string? Search = null,
    [FromQuery(Name = "sort")] string? Sort = null,
    [FromQuery(Name = "status")] string? Status = null,
    [FromQuery(Name = "limit")] string? Limit = null,
    [FromQuery(Name = "offset")] string? Offset = null)
{
    /// <summary>The filters whose text reaches the database, by their query names.</summary>
    public IEnumerable<(string Field, string? Value)> TextFilters => [("tag", Tag), ("author", Author), ("favorited", Favorited), ("category", Category), ("q", Search)];
}
