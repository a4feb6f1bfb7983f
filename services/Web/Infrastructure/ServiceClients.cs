using Blog.Topology;
using System.Text.Json;
using Blog.Web.Model;

namespace Blog.Web.Infrastructure;

// The services' APIs as the site uses them: page models call these methods and never build a path.
// Every call goes through `BlogApi` (the reader's token, the viewer header, errors as `ApiResult`).

/// <summary>Posts: articles, their reactions, categories and takedowns.</summary>
public sealed class PostsClient(BlogApi api)
{
    static readonly string Service = PlatformServices.Posts.Name;

    public Task<ApiResult<ArticleEnvelope>> ArticleAsync(string slug, CancellationToken cancellationToken) =>
        api.GetAsync<ArticleEnvelope>(Service, $"/api/articles/{Uri.EscapeDataString(slug)}", cancellationToken);

    /// <summary>A page of the list, newest first, narrowed by one filter (null: every published post).</summary>
    public Task<ApiResult<ArticleList>> ArticlesAsync(ArticleFilter? filter, int limit, int offset, CancellationToken cancellationToken) =>
        api.GetAsync<ArticleList>(Service, $"/api/articles?{(filter is null ? "" : $"{filter}&")}limit={limit}&offset={offset}", cancellationToken);

    public Task<ApiResult<ArticleList>> PopularAsync(int limit, CancellationToken cancellationToken) =>
        ArticlesAsync(new ArticleFilter("sort", "popular"), limit, 0, cancellationToken);

    /// <summary>The signed-in author's drafts.</summary>
    public Task<ApiResult<ArticleList>> DraftsAsync(int limit, CancellationToken cancellationToken) =>
        ArticlesAsync(new ArticleFilter("status", "draft"), limit, 0, cancellationToken);

    /// <summary>The writer's scheduled posts, soonest first.</summary>
    public Task<ApiResult<ArticleList>> ScheduledAsync(int limit, CancellationToken cancellationToken) =>
        ArticlesAsync(new ArticleFilter("status", "scheduled"), limit, 0, cancellationToken);

    /// <summary>Who reacted: the same for every reader.</summary>
    public Task<ApiResult<ReactionList>> ReactionsAsync(string slug, CancellationToken cancellationToken) =>
        api.GetAsVisitorAsync<ReactionList>(Service, $"/api/articles/{Uri.EscapeDataString(slug)}/reactions", cancellationToken);

    public Task<ApiResult<JsonElement>> ReactAsync(string slug, string kind, bool undo, CancellationToken cancellationToken) =>
        api.SendAsync<JsonElement>(Service, undo ? HttpMethod.Delete : HttpMethod.Put, $"/api/articles/{Uri.EscapeDataString(slug)}/reactions/{Uri.EscapeDataString(kind)}", null, cancellationToken);

    public Task<ApiResult<Preview>> PreviewAsync(string? body, CancellationToken cancellationToken) =>
        api.SendAsync<Preview>(Service, HttpMethod.Post, "/api/articles/preview", new { article = new { body } }, cancellationToken);

    public Task<ApiResult<ArticleEnvelope>> CreateAsync(object article, CancellationToken cancellationToken) =>
        api.SendAsync<ArticleEnvelope>(Service, HttpMethod.Post, "/api/articles", new { article }, cancellationToken);

    public Task<ApiResult<ArticleEnvelope>> UpdateAsync(string slug, object article, CancellationToken cancellationToken) =>
        api.SendAsync<ArticleEnvelope>(Service, HttpMethod.Put, $"/api/articles/{Uri.EscapeDataString(slug)}", new { article }, cancellationToken);

    /// <summary>A post's revisions, newest first (its author and staff).</summary>
    public Task<ApiResult<RevisionList>> RevisionsAsync(string slug, CancellationToken cancellationToken) =>
        api.GetAsync<RevisionList>(Service, $"/api/articles/{Uri.EscapeDataString(slug)}/revisions?limit=100", cancellationToken);

    /// <summary>What a revision changed from the one before it.</summary>
    public Task<ApiResult<RevisionDiffEnvelope>> RevisionDiffAsync(string slug, string id, CancellationToken cancellationToken) =>
        api.GetAsync<RevisionDiffEnvelope>(Service, $"/api/articles/{Uri.EscapeDataString(slug)}/revisions/{Uri.EscapeDataString(id)}/diff", cancellationToken);

    public Task<ApiResult<ArticleEnvelope>> RestoreRevisionAsync(string slug, string id, CancellationToken cancellationToken) =>
        api.SendAsync<ArticleEnvelope>(Service, HttpMethod.Post, $"/api/articles/{Uri.EscapeDataString(slug)}/revisions/{Uri.EscapeDataString(id)}/restore", null, cancellationToken);

    public Task<ApiResult<CategoryList>> CategoriesAsync(CancellationToken cancellationToken) =>
        api.GetAsync<CategoryList>(Service, "/api/categories", cancellationToken);

    public Task<ApiResult<JsonElement>> AddCategoryAsync(string? name, CancellationToken cancellationToken) =>
        api.SendAsync<JsonElement>(Service, HttpMethod.Post, "/api/categories", new { category = new { name } }, cancellationToken);

    public Task<ApiResult<JsonElement>> DeleteCategoryAsync(string slug, CancellationToken cancellationToken) =>
        api.SendAsync<JsonElement>(Service, HttpMethod.Delete, $"/api/categories/{Uri.EscapeDataString(slug)}", null, cancellationToken);

    public Task<ApiResult<TakenDownPosts>> TakenDownAsync(CancellationToken cancellationToken) =>
        api.GetAsync<TakenDownPosts>(Service, "/api/moderation/posts", cancellationToken);

    public Task<ApiResult<JsonElement>> TakeDownAsync(string slug, string? reason, CancellationToken cancellationToken) =>
        api.SendAsync<JsonElement>(Service, HttpMethod.Post, $"/api/moderation/posts/{Uri.EscapeDataString(slug)}/unpublish", new { takedown = new { reason } }, cancellationToken);

    public Task<ApiResult<JsonElement>> RestoreAsync(string slug, CancellationToken cancellationToken) =>
        api.SendAsync<JsonElement>(Service, HttpMethod.Post, $"/api/moderation/posts/{Uri.EscapeDataString(slug)}/restore", null, cancellationToken);
}

/// <summary>
/// One of the article list's query parameters (`author`, `category`, `tag`, `q`, `sort`, `status`),
/// written as a query string (`tag=caf%C3%A9`): the feed takes the same ones.
/// </summary>
public sealed record ArticleFilter(string Name, string Value)
{
    public override string ToString() => $"{Name}={Uri.EscapeDataString(Value)}";
}

/// <summary>Comments: threads, comments, reports, recent comments.</summary>
public sealed class CommentsClient(BlogApi api)
{
    static readonly string Service = PlatformServices.Comments.Name;

    /// <summary>The thread as this reader sees it (their own held comments included).</summary>
    public Task<ApiResult<CommentThread>> ThreadAsync(string slug, int limit, CancellationToken cancellationToken) =>
        api.GetAsync<CommentThread>(Service, $"/api/articles/{Uri.EscapeDataString(slug)}/comments?limit={limit}", cancellationToken);

    public Task<ApiResult<JsonElement>> CommentAsync(string slug, string? body, long? parentId, CancellationToken cancellationToken) =>
        api.SendAsync<JsonElement>(Service, HttpMethod.Post, $"/api/articles/{Uri.EscapeDataString(slug)}/comments", new { comment = new { body, parentId } }, cancellationToken);

    public Task<ApiResult<JsonElement>> ReportAsync(long commentId, string? reason, string? text, CancellationToken cancellationToken) =>
        api.SendAsync<JsonElement>(Service, HttpMethod.Post, $"/api/comments/{commentId}/reports", new { report = new { reason, text } }, cancellationToken);

    /// <summary>The latest comments on the site, or on one blogger's posts: the same for every reader.</summary>
    public Task<ApiResult<RecentComments>> RecentAsync(string? author, int limit, CancellationToken cancellationToken) =>
        api.GetAsVisitorAsync<RecentComments>(Service,
            author is null ? $"/api/comments/recent?limit={limit}" : $"/api/comments/recent?author={Uri.EscapeDataString(author)}&limit={limit}", cancellationToken);
}

/// <summary>Identity: accounts, sessions, profiles, follows, bloggers and staff roles.</summary>
public sealed class IdentityClient(BlogApi api)
{
    static readonly string Service = PlatformServices.Identity.Name;

    public Task<ApiResult<UserEnvelope>> RegisterAsync(string? username, string? email, string? password, CancellationToken cancellationToken) =>
        api.SendAsync<UserEnvelope>(Service, HttpMethod.Post, "/api/users", new { user = new { username, email, password } }, cancellationToken);

    public Task<ApiResult<UserEnvelope>> LoginAsync(string? email, string? password, CancellationToken cancellationToken) =>
        api.SendAsync<UserEnvelope>(Service, HttpMethod.Post, "/api/users/login", new { user = new { email, password } }, cancellationToken);

    public Task<ApiResult<CurrentUserEnvelope>> CurrentUserAsync(CancellationToken cancellationToken) =>
        api.GetAsync<CurrentUserEnvelope>(Service, "/api/user", cancellationToken);

    /// <summary>Changes what `user` names (only the fields it carries).</summary>
    public Task<ApiResult<UserEnvelope>> UpdateUserAsync(object user, CancellationToken cancellationToken) =>
        api.SendAsync<UserEnvelope>(Service, HttpMethod.Put, "/api/user", new { user }, cancellationToken);

    public Task<ApiResult<JsonElement>> LogoutAsync(CancellationToken cancellationToken) =>
        api.SendAsync<JsonElement>(Service, HttpMethod.Post, "/api/user/logout", null, cancellationToken);

    /// <summary>Deletes the signed-in account for good, confirmed by its password.</summary>
    public Task<ApiResult<JsonElement>> DeleteAccountAsync(string currentPassword, CancellationToken cancellationToken) =>
        api.SendAsync<JsonElement>(Service, HttpMethod.Delete, "/api/user", new { user = new { currentPassword } }, cancellationToken);

    public Task<ApiResult<JsonElement>> LogoutEverywhereAsync(CancellationToken cancellationToken) =>
        api.SendAsync<JsonElement>(Service, HttpMethod.Post, "/api/user/logout-everywhere", null, cancellationToken);

    public Task<ApiResult<ProfileEnvelope>> ProfileAsync(string username, CancellationToken cancellationToken) =>
        api.GetAsync<ProfileEnvelope>(Service, ProfilePath(username), cancellationToken);

    /// <summary>A profile as every visitor sees it (`Following` always false): answered from memory while Identity is unchanged.</summary>
    public Task<ApiResult<ProfileEnvelope>> ProfileAsVisitorAsync(string username, CancellationToken cancellationToken) =>
        api.GetAsVisitorAsync<ProfileEnvelope>(Service, ProfilePath(username), cancellationToken);

    public Task<ApiResult<JsonElement>> FollowAsync(string username, bool undo, CancellationToken cancellationToken) =>
        api.SendAsync<JsonElement>(Service, undo ? HttpMethod.Delete : HttpMethod.Post, $"{ProfilePath(username)}/follow", null, cancellationToken);

    static string ProfilePath(string username) => $"/api/profiles/{Uri.EscapeDataString(username)}";

    /// <summary>The star bloggers: the same for every reader.</summary>
    public Task<ApiResult<BloggerList>> StarBloggersAsync(int limit, CancellationToken cancellationToken) =>
        api.GetAsVisitorAsync<BloggerList>(Service, $"/api/bloggers?featured=true&limit={limit}", cancellationToken);

    public Task<ApiResult<JsonElement>> SetRoleAsync(string username, string role, bool revoke, CancellationToken cancellationToken) =>
        api.SendAsync<JsonElement>(Service, revoke ? HttpMethod.Delete : HttpMethod.Put, $"/api/admin/users/{Uri.EscapeDataString(username)}/roles/{Uri.EscapeDataString(role)}", null, cancellationToken);

    public Task<ApiResult<JsonElement>> SetFeaturedAsync(string username, bool unfeature, CancellationToken cancellationToken) =>
        api.SendAsync<JsonElement>(Service, unfeature ? HttpMethod.Delete : HttpMethod.Put, $"/api/admin/users/{Uri.EscapeDataString(username)}/featured", null, cancellationToken);
}

/// <summary>Moderation: the queue and its decisions, suspensions, the rules.</summary>
public sealed class ModerationClient(BlogApi api)
{
    static readonly string Service = PlatformServices.Moderation.Name;

    public Task<ApiResult<ModerationQueue>> QueueAsync(int limit, int offset, CancellationToken cancellationToken) =>
        api.GetAsync<ModerationQueue>(Service, $"/api/moderation/queue?limit={limit}&offset={offset}", cancellationToken);

    public Task<ApiResult<JsonElement>> ApproveAsync(Guid caseId, string? reason, CancellationToken cancellationToken) =>
        api.SendAsync<JsonElement>(Service, HttpMethod.Post, $"/api/moderation/cases/{caseId}/approve", new { decision = new { reason } }, cancellationToken);

    public Task<ApiResult<JsonElement>> RejectAsync(Guid caseId, string? reason, CancellationToken cancellationToken) =>
        api.SendAsync<JsonElement>(Service, HttpMethod.Post, $"/api/moderation/cases/{caseId}/reject", new { decision = new { reason } }, cancellationToken);

    public Task<ApiResult<SuspensionList>> SuspensionsAsync(CancellationToken cancellationToken) =>
        api.GetAsync<SuspensionList>(Service, "/api/moderation/suspensions", cancellationToken);

    public Task<ApiResult<SuspensionEnvelope>> SuspensionAsync(string username, CancellationToken cancellationToken) =>
        api.GetAsync<SuspensionEnvelope>(Service, $"/api/moderation/users/{Uri.EscapeDataString(username)}/suspension", cancellationToken);

    public Task<ApiResult<JsonElement>> SuspendAsync(string username, string? duration, string? reason, CancellationToken cancellationToken) =>
        api.SendAsync<JsonElement>(Service, HttpMethod.Post, $"/api/moderation/users/{Uri.EscapeDataString(username)}/suspend", new { suspension = new { duration, reason } }, cancellationToken);

    public Task<ApiResult<JsonElement>> LiftSuspensionAsync(string username, CancellationToken cancellationToken) =>
        api.SendAsync<JsonElement>(Service, HttpMethod.Delete, $"/api/moderation/users/{Uri.EscapeDataString(username)}/suspension", null, cancellationToken);

    public Task<ApiResult<RulesEnvelope>> RulesAsync(CancellationToken cancellationToken) =>
        api.GetAsync<RulesEnvelope>(Service, "/api/moderation/rules", cancellationToken);

    /// <summary>Replaces the rules; `rules` carries every field of the rules object.</summary>
    public Task<ApiResult<JsonElement>> SaveRulesAsync(object rules, CancellationToken cancellationToken) =>
        api.SendAsync<JsonElement>(Service, HttpMethod.Put, "/api/moderation/rules", new { rules }, cancellationToken);
}

/// <summary>Media: images uploaded from the writing page and the settings page.</summary>
public sealed class MediaClient(BlogApi api)
{
    static readonly string Service = PlatformServices.Media.Name;

    /// <summary>How long an upload may take (decoding and resizing a large image).</summary>
    public static readonly TimeSpan UploadTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Uploads a file from a form: `purpose` post (with the post it belongs to, deleted with it) or avatar.</summary>
    public async Task<ApiResult<MediaEnvelope>> UploadAsync(IFormFile file, string purpose, Guid? articleId, CancellationToken cancellationToken)
    {
        // Buffered, so the client could send it again; the service reads the type from the bytes, not from here.
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(buffer.ToArray()), "file", string.IsNullOrWhiteSpace(file.FileName) ? "image" : file.FileName },
            { new StringContent(purpose), "purpose" },
        };
        if (articleId is { } id) form.Add(new StringContent(id.ToString()), "articleId");
        return await api.SendAsync<MediaEnvelope>(Service, HttpMethod.Post, "/api/media", form, cancellationToken);
    }

    /// <summary>The signed-in writer's images uploaded for one post, newest first.</summary>
    public Task<ApiResult<MediaList>> OfPostAsync(Guid articleId, CancellationToken cancellationToken) =>
        api.GetAsync<MediaList>(Service, $"/api/media?articleId={articleId}&limit=100", cancellationToken);

    public Task<ApiResult<MediaEnvelope>> ImageAsync(Guid id, CancellationToken cancellationToken) =>
        api.GetAsync<MediaEnvelope>(Service, $"/api/media/{id}", cancellationToken);
}

/// <summary>Notifications: the signed-in reader's inbox and its unread count (the header shows it on every page).</summary>
public sealed class NotificationsClient(BlogApi api)
{
    static readonly string Service = PlatformServices.Notifications.Name;

    public Task<ApiResult<NotificationList>> ListAsync(int limit, int offset, CancellationToken cancellationToken) =>
        api.GetAsync<NotificationList>(Service, $"/api/notifications?limit={limit}&offset={offset}", cancellationToken);

    /// <summary>How long a page's header waits for the unread count before it shows the link without it.</summary>
    public static readonly TimeSpan HeaderWait = TimeSpan.FromSeconds(1);

    /// <summary>The unread count, or null when Notifications cannot say in time (the header then shows the link alone).</summary>
    public async Task<int?> UnreadCountAsync(CancellationToken cancellationToken)
    {
        using var quick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        quick.CancelAfter(HeaderWait);
        try
        {
            return await api.GetAsync<JsonElement>(Service, "/api/notifications/unread", quick.Token) is { Ok: true, Value: var body }
                && body.TryGetProperty("unreadCount", out var count) && count.TryGetInt32(out var unread) ? unread : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public Task<ApiResult<MailSettingsEnvelope>> MailSettingsAsync(CancellationToken cancellationToken) =>
        api.GetAsync<MailSettingsEnvelope>(Service, "/api/notifications/mail", cancellationToken);

    /// <summary>Changes the preferences, and the address when `address` is given (a confirmation mail goes to a new one).</summary>
    public Task<ApiResult<MailSettingsEnvelope>> UpdateMailAsync(string? address, IReadOnlyDictionary<string, string> preferences, CancellationToken cancellationToken) =>
        api.SendAsync<MailSettingsEnvelope>(Service, HttpMethod.Put, "/api/notifications/mail",
            new { mail = address is null ? (object)new { preferences } : new { address, preferences } }, cancellationToken);

    /// <summary>Stops all notification mail of the reader the key (from a mail's link) belongs to.</summary>
    public Task<ApiResult<JsonElement>> UnsubscribeAsync(Guid user, string key, CancellationToken cancellationToken) =>
        api.SendAsync<JsonElement>(Service, HttpMethod.Post, $"/api/notifications/mail/unsubscribe?user={user}&key={Uri.EscapeDataString(key)}", null, cancellationToken);

    /// <summary>Marks the notifications named read, or every one when `ids` is null.</summary>
    public Task<ApiResult<JsonElement>> MarkReadAsync(IReadOnlyList<Guid>? ids, CancellationToken cancellationToken) =>
        api.SendAsync<JsonElement>(Service, HttpMethod.Post, "/api/notifications/read", ids is null ? new { all = true } : new { ids }, cancellationToken);
}

/// <summary>Federation: who follows an account from other servers (the author page lists them).</summary>
public sealed class FederationClient(BlogApi api)
{
    static readonly string Service = PlatformServices.Federation.Name;

    public Task<ApiResult<FediverseFollowers>> FollowersAsync(string username, int limit, CancellationToken cancellationToken) =>
        api.GetAsync<FediverseFollowers>(Service, $"/api/federation/users/{Uri.EscapeDataString(username)}/followers?limit={limit}", cancellationToken);
}
