namespace Blog.Web.Model;

// The services' JSON shapes, as far as the site reads them.

public sealed record Author(string Username, string? Bio, string? Image, bool Following, string DisplayName);
public sealed record Category(string Slug, string Name);
public sealed record ReactionCounts(int Like, int Handshake);

public sealed record Article(string Slug, string Title, string Description, string? Body, string? BodyHtml, IReadOnlyList<string> TagList,
    DateTimeOffset CreatedAt, Author Author, Category? Category, string Status, DateTimeOffset? PublishedAt,
    long ViewsCount, int CommentsCount, int Popularity, ReactionCounts Reactions, IReadOnlyList<string> MyReactions, Takedown? Takedown = null, DateTimeOffset? PublishAt = null,
    string? SnippetHtml = null, Guid Id = default);
/// <summary>An uploaded image: `url` is the full size; the variants are `thumb`, `column`, `column-2x` (a post's) and `full`.</summary>
public sealed record MediaVariant(string Name, string Url, int Width, int Height);
public sealed record UploadedMedia(Guid Id, string Url, int Width, int Height, IReadOnlyList<MediaVariant> Variants)
{
    /// <summary>The size a page shows in its column (an account picture's or a small image's largest).</summary>
    public string ColumnUrl => Variants.FirstOrDefault(v => v.Name == "column")?.Url ?? Url;

    /// <summary>The smallest size, for a list of images.</summary>
    public MediaVariant Thumbnail => Variants.FirstOrDefault(v => v.Name == "thumb") ?? new MediaVariant("full", Url, Width, Height);
}
public sealed record MediaEnvelope(UploadedMedia Media);
public sealed record NotificationActor(string Username);
public sealed record NotificationPost(string Slug, string Title);
public sealed record NotificationComment(long Id, string Excerpt);
/// <summary>One notification; `kind` is one of Notifications' kinds (`comment-reply`, `post-comment`, `mention`...).</summary>
public sealed record SiteNotification(Guid Id, string Kind, DateTimeOffset CreatedAt, bool Read, NotificationActor? Actor, NotificationPost? Post,
    NotificationComment? Comment, string? Reason, DateTimeOffset? Until)
{
    /// <summary>Where the notification leads: the comment on its post, the post, or nowhere (an account's news).</summary>
    public string? Link => Post is { } post ? $"/articles/{post.Slug}" + (Comment is { } comment ? $"#comment-{comment.Id}" : "") : null;
}
/// <summary>A reader's notification mail: the address, whether confirmed, and each kind's delivery (`off`, `instant`, `daily`).</summary>
public sealed record MailSettings(string? Address, bool Verified, IReadOnlyDictionary<string, string> Preferences);
public sealed record MailSettingsEnvelope(MailSettings Mail);
public sealed record NotificationList(IReadOnlyList<SiteNotification> Notifications, int NotificationsCount, int UnreadCount);
public sealed record MediaList(IReadOnlyList<UploadedMedia> Media, int MediaCount);
public sealed record RevisionEditor(string Username);
public sealed record Revision(Guid Id, int Number, string Title, string Description, IReadOnlyList<string> TagList, DateTimeOffset CreatedAt,
    RevisionEditor Editor, int? RestoredFrom);
public sealed record RevisionList(IReadOnlyList<Revision> Revisions, int RevisionsCount);
public sealed record DiffLine(string Change, string Text);
public sealed record RevisionDiff(Revision From, Revision To, IReadOnlyList<DiffLine> Title, IReadOnlyList<DiffLine> Description,
    IReadOnlyList<DiffLine> Body, IReadOnlyList<DiffLine> TagList);
public sealed record RevisionDiffEnvelope(RevisionDiff Diff);
public sealed record Takedown(string Reason, string TakenDownBy, DateTimeOffset TakenDownAt);
public sealed record TakenDownPost(string Slug, string Title, string Author, string Reason, string TakenDownBy, DateTimeOffset TakenDownAt);
public sealed record TakenDownPosts(IReadOnlyList<TakenDownPost> Posts);
public sealed record ArticleEnvelope(Article Article);
public sealed record Preview(string BodyHtml);
public sealed record ArticleList(IReadOnlyList<Article> Articles, int ArticlesCount);

/// <summary>One who reacted; `Url` is a fediverse account's profile (its `Username` is then `@name@host`).</summary>
public sealed record Reactor(string Username, string DisplayName, string? Image, string Kind, DateTimeOffset ReactedAt, string? Url = null);
public sealed record ReactionList(ReactionCounts Counts, IReadOnlyList<Reactor> Reactors);
public sealed record CategoryList(IReadOnlyList<Category> Categories);

public sealed record Profile(string Username, string? Bio, string? Image, bool Following, string DisplayName, bool Featured);
public sealed record ProfileEnvelope(Profile Profile);
public sealed record BloggerList(IReadOnlyList<Profile> Bloggers, int BloggersCount);
public sealed record SignedInUser(string Email, string Token, string Username, string DisplayName, IReadOnlyList<string> Roles);
public sealed record UserEnvelope(SignedInUser User);

/// <summary>`Url` is set for an account of another (fediverse) server: its profile there, where its name links to.</summary>
public sealed record CommentAuthor(string Username, string DisplayName, string? Image, string? Url = null)
{
    public bool IsRemote => Url is not null;
    public string Href => Url ?? $"/blog/{Username}";
}
public sealed record Comment(long Id, DateTimeOffset CreatedAt, string BodyHtml, CommentAuthor Author, long? ParentId, int Depth, string Status,
    int RepliesCount, bool Edited);
public sealed record CommentThread(IReadOnlyList<Comment> Comments, int CommentsCount, int ThreadsCount);
public sealed record RecentArticle(string Slug, string Title);
public sealed record RecentComment(long Id, DateTimeOffset CreatedAt, string Body, CommentAuthor Author, RecentArticle Article);
public sealed record RecentComments(IReadOnlyList<RecentComment> Comments);

/// <summary>
/// A RealWorld error body: `{"errors":{"field":["message"]}}`.
/// A refusal: the RealWorld `errors` object, and for problem answers RFC 7807's `detail`, which says it best.
/// </summary>
public sealed record ApiErrors(Dictionary<string, string[]>? Errors, string? Title, string? Detail)
{
    public IEnumerable<string> Messages => Detail is not null ? [Detail]
        : Errors?.SelectMany(e => e.Value.Select(m => $"{e.Key} {m}")) ?? [Title ?? "Something went wrong."];
}

public sealed record CaseComment(Guid Id, Guid PostId, string Body, string State, DateTimeOffset CreatedAt, CaseAuthor Author);
public sealed record CaseAuthor(Guid Id, string Username)
{
    /// <summary>
    /// An account of another (fediverse) server: its username is its handle, `name@host`, and an `@` is never
    /// in a username of this site. It has no author page here and cannot be suspended: its server can be blocked.
    /// </summary>
    public bool IsRemote => Username.Contains('@', StringComparison.Ordinal);
}
public sealed record CaseReport(string Reporter, string Reason, string? Text, DateTimeOffset ReportedAt);
public sealed record AuthorHistory(int Comments, int Held, int Rejected, int Cases);
public sealed record ModerationCase(Guid Id, string Status, string OpenedBy, IReadOnlyList<string> RuleReasons, bool Holding, DateTimeOffset OpenedAt,
    CaseComment Comment, IReadOnlyList<CaseReport> Reports, AuthorHistory AuthorHistory);
public sealed record Suspension(string Username, DateTimeOffset SuspendedAt, DateTimeOffset Until, string Reason, string SuspendedBy);
public sealed record SuspensionEnvelope(Suspension Suspension);
public sealed record SuspensionList(IReadOnlyList<Suspension> Suspensions);
public sealed record ModerationQueue(IReadOnlyList<ModerationCase> Cases, int CasesCount);

public sealed record CurrentUser(string Email, string Token, string Username, string? Bio, string? Image, string DisplayName, IReadOnlyList<string> Roles);
public sealed record CurrentUserEnvelope(CurrentUser User);
public sealed record BlockedWord(string Word, string Action);
public sealed record ModerationRules(int MaxLinks, IReadOnlyList<BlockedWord> BlockedWords, int FloodPerMinute, int NewAccountHours, int MaxCopies, int ReportThreshold,
    int ReporterAccountHours = 24);
public sealed record RulesEnvelope(ModerationRules Rules);

public sealed record FediverseFollower(string Handle, string Name, string? Url, DateTimeOffset FollowedAt);
public sealed record FediverseFollowers(IReadOnlyList<FediverseFollower> Followers, int FollowersCount);
