using Blog.Web.Infrastructure;
using Blog.Web.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Blog.Web.Pages;

/// <summary>
/// A post, as a newspaper's readers' blog shows it: the post, reactions, share links, the thread,
/// the author box and the site's boxes. Each part that a service could not give is left out with a
/// note; only a missing post is a 404.
/// </summary>
public sealed class PostModel(PostsClient posts, CommentsClient comments, IdentityClient identity, IOptions<SiteOptions> site, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text) : PageModel
{
    public Article Article { get; private set; } = null!;
    public ApiResult<ReactionList> Reactions { get; private set; } = ApiResult.Down<ReactionList>();
    public ApiResult<CommentThread> Thread { get; private set; } = ApiResult.Down<CommentThread>();
    public ApiResult<Profile> Author { get; private set; } = ApiResult.Down<Profile>();
    public ApiResult<RecentComments> AuthorsRecentComments { get; private set; } = ApiResult.Down<RecentComments>();
    public SiteBoxes Boxes { get; private set; } = null!;
    public SiteOptions Site => site.Value;
    public string ShareUrl => $"{Site.BaseUrl.TrimEnd('/')}/articles/{Article.Slug}";

    /// <summary>The comment being answered (`?replyTo=`) or reported (`?report=`): forms that work without scripts.</summary>
    [BindProperty(SupportsGet = true)] public long? ReplyTo { get; set; }
    [BindProperty(SupportsGet = true)] public long? Report { get; set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    [TempData] public string? Notice { get; set; }
    /// <summary>The blogger the reader has just followed or stopped following, for the page shown after it.</summary>
    [TempData] public string? FollowChanged { get; set; }
    /// <summary>Whether the signed-in reader follows the author: the follow button's state.</summary>
    public bool FollowsAuthor { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var article = posts.ArticleAsync(slug, cancellationToken);
        var reactions = posts.ReactionsAsync(slug, cancellationToken);
        var thread = comments.ThreadAsync(slug, 200, cancellationToken);
        var stars = SiteBoxes.LoadStarBloggersAsync(identity, cancellationToken);
        await Task.WhenAll(article, reactions, thread, stars);
        if (article.Result.Value is not { } found)
        {
            return article.Result.NotFound ? NotFound() : StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        Article = found.Article;
        // The author box is the same for every reader but its follow button, which the article carries (Posts'
        // copy of Identity's follows). On the page shown right after the reader changed that, the copy may not
        // have caught up yet: that page asks Identity itself, with the reader's token.
        var askIdentity = FollowChanged == Article.Author.Username && User.Identity?.IsAuthenticated == true;
        var author = askIdentity
            ? identity.ProfileAsync(Article.Author.Username, cancellationToken)
            : identity.ProfileAsVisitorAsync(Article.Author.Username, cancellationToken);
        var recent = comments.RecentAsync(Article.Author.Username, 5, cancellationToken);
        await Task.WhenAll(author, recent);
        Reactions = reactions.Result;
        Thread = thread.Result;
        Author = new ApiResult<Profile>(author.Result.Value?.Profile, author.Result.Status, author.Result.Errors);
        FollowsAuthor = askIdentity && Author.Value is { } asked ? asked.Following : Article.Author.Following;
        AuthorsRecentComments = recent.Result;
        Boxes = SiteBoxes.Of(Site.Announcement, stars.Result);
        return Page();
    }

    public Task<IActionResult> OnPostCommentAsync(string slug, string? body, long? parentId, CancellationToken cancellationToken) =>
        SignedInAsync(slug, async () =>
        {
            var result = await comments.CommentAsync(slug, body, parentId, cancellationToken);
            return await AfterAsync(slug, result.Ok, result, "Your comment is posted.", result.Ok ? $"comment-{result.Value.GetProperty("comment").GetProperty("id").GetInt64()}" : "comments", cancellationToken);
        });

    public Task<IActionResult> OnPostReactAsync(string slug, string kind, bool undo, CancellationToken cancellationToken) =>
        SignedInAsync(slug, async () =>
        {
            var result = await posts.ReactAsync(slug, kind, undo, cancellationToken);
            return await AfterAsync(slug, result.Ok, result, null, "reactions", cancellationToken);
        });

    public Task<IActionResult> OnPostReportAsync(string slug, long commentId, string? reason, string? text, CancellationToken cancellationToken) =>
        SignedInAsync(slug, async () =>
        {
            var result = await comments.ReportAsync(commentId, reason, text, cancellationToken);
            return await AfterAsync(slug, result.Ok, result, "Thank you: a moderator will look at this comment.", $"comment-{commentId}", cancellationToken);
        });

    public Task<IActionResult> OnPostFollowAsync(string slug, string username, bool undo, CancellationToken cancellationToken) =>
        SignedInAsync(slug, async () =>
        {
            var result = await identity.FollowAsync(username, undo, cancellationToken);
            if (result.Ok) FollowChanged = username;
            return await AfterAsync(slug, result.Ok, result, undo ? text["You no longer follow {0}.", username] : text["You follow {0}.", username], "author", cancellationToken);
        });

    async Task<IActionResult> SignedInAsync(string slug, Func<Task<IActionResult>> action) =>
        User.Identity?.IsAuthenticated == true ? await action() : Redirect($"/login?returnUrl={Uri.EscapeDataString($"/articles/{slug}")}");

    /// <summary>Post/Redirect/Get on success; on a refusal the page is shown again with the reasons.</summary>
    async Task<IActionResult> AfterAsync<T>(string slug, bool ok, ApiResult<T> result, string? notice, string anchor, CancellationToken cancellationToken)
    {
        if (ok)
        {
            Notice = notice;
            return Redirect($"/articles/{slug}#{anchor}");
        }
        Errors = result.Messages("That part of the site is unavailable right now; please try again in a moment.");
        var page = await OnGetAsync(slug, cancellationToken);
        if (page is PageResult) Response.StatusCode = result.PageStatus;
        return page;
    }
}
