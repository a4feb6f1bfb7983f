using System.Security.Claims;
using Blog.Messaging;
using Blog.Posts.Infrastructure;
using Blog.Posts.Model;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Authentication;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Blog.Posts.Apis;

/// <summary>A post's history: its author and staff list its revisions, compare two and restore one (which adds a revision).</summary>
public static class RevisionsApi
{
    public const int DefaultLimit = 20, MaxLimit = 100;

    public static IEndpointRouteBuilder MapRevisionsApi(this IEndpointRouteBuilder app)
    {
        var revisions = app.MapGroup("/api/articles/{slug}/revisions").WithTags("Revisions").RequireAuthorization();
        revisions.MapGet("/", ListRevisions).WithSummary("A post's revisions, newest first (its author and staff)").WithDescription("Items carry no body.");
        revisions.MapGet("/{id}", GetRevision).WithSummary("One revision, with its body");
        revisions.MapGet("/{id}/diff", DiffRevision).WithSummary("What changed from another revision to this one")
            .WithDescription("`from`: the revision to compare with (by default the one before it). Each field as lines marked `equal`, `deleted` or `inserted`.");
        revisions.MapPost("/{id}/restore", RestoreRevision).WithSummary("Make a revision's words the post's again (a new revision)");
        return app;
    }

    static async Task<Results<Ok<MultipleRevisions>, UnprocessableEntity<ErrorsEnvelope>, ProblemHttpResult>> ListRevisions(
        string slug, HttpContext http, PostsDbContext db, CancellationToken cancellationToken, string? limit = null, string? offset = null)
    {
        var errors = new ValidationErrors();
        var (take, skip) = Paging.Read(limit, offset, DefaultLimit, MaxLimit, errors);
        if (errors.Any) return errors.ToResult();
        var (article, refusal) = await HistoryOfAsync(db, slug, http.User, cancellationToken);
        if (article is null) return refusal!;

        var all = db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == article.Id);
        var count = await all.CountAsync(cancellationToken);
        var page = await all.OrderByDescending(r => r.Number).Skip(skip).Take(take)
            .Select(r => new ArticleRevision
            {
                Id = r.Id, Number = r.Number, Title = r.Title, Description = r.Description, Tags = r.Tags,
                EditorUsername = r.EditorUsername, CreatedAt = r.CreatedAt, RestoredFrom = r.RestoredFrom,
            })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new MultipleRevisions([.. page.Select(r => Response(r, withBody: false))], count));
    }

    static async Task<Results<Ok<RevisionEnvelope>, ProblemHttpResult>> GetRevision(
        string slug, string id, HttpContext http, PostsDbContext db, CancellationToken cancellationToken)
    {
        var (article, refusal) = await HistoryOfAsync(db, slug, http.User, cancellationToken);
        if (article is null) return refusal!;
        var revision = await FindAsync(db, article, id, cancellationToken);
        return revision is null ? NotFound(id) : TypedResults.Ok(new RevisionEnvelope(Response(revision, withBody: true)));
    }

    static async Task<Results<Ok<RevisionDiffEnvelope>, ProblemHttpResult>> DiffRevision(
        string slug, string id, HttpContext http, PostsDbContext db, CancellationToken cancellationToken, string? from = null)
    {
        var (article, refusal) = await HistoryOfAsync(db, slug, http.User, cancellationToken);
        if (article is null) return refusal!;
        if (await FindAsync(db, article, id, cancellationToken) is not { } to) return NotFound(id);
        var older = from is null
            ? await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == article.Id && r.Number < to.Number).OrderByDescending(r => r.Number)
                .FirstOrDefaultAsync(cancellationToken) ?? new ArticleRevision { ArticleId = article.Id }
            : await FindAsync(db, article, from, cancellationToken);
        if (older is null) return NotFound(from!);

        return TypedResults.Ok(new RevisionDiffEnvelope(new RevisionDiff(
            Response(older, withBody: false), Response(to, withBody: false),
            Lines(older.Title, to.Title), Lines(older.Description, to.Description), Lines(older.Body, to.Body),
            Lines(string.Join('\n', older.Tags), string.Join('\n', to.Tags)))));
    }

    static async Task<Results<Ok<ArticleEnvelope<ArticleResponse>>, ProblemHttpResult>> RestoreRevision(
        string slug, string id, HttpContext http, [AsParameters] ArticlesApi.ArticleServices services, RevisionHistory revisions, CancellationToken cancellationToken)
    {
        var (article, refusal) = await HistoryOfAsync(services.Db, slug, http.User, cancellationToken, tracking: true);
        if (article is null) return refusal!;
        if (await FindAsync(services.Db, article, id, cancellationToken) is not { } revision) return NotFound(id);

        var now = services.Clock.GetUtcNow();
        ArticlesApi.Rewrite(services, article, revision.Title, revision.Description, revision.Body, [.. revision.Tags]);
        article.UpdatedAt = now;
        if (article.Status == ArticleStatus.Published)
            services.Db.AddIntegrationEvent(article.Id.ToString(), ArticleEvents.Updated(article, services.Links.Article(article.Slug)));
        await revisions.RecordAsync(article, http.User, now, cancellationToken, restoredFrom: revision.Number);
        if (await ArticlesApi.SaveEditAsync(services.Db, cancellationToken) is { } conflict) return conflict;
        return TypedResults.Ok(new ArticleEnvelope<ArticleResponse>(await services.Responses.ForAsync(article, http.User.UserId(), cancellationToken)));
    }

    /// <summary>
    /// The post whose history `user` may see: its author's, and staff's for any post. Anyone else gets a 404
    /// for a post they cannot see and a 403 for one they can.
    /// </summary>
    static async Task<(Article? Article, ProblemHttpResult? Refusal)> HistoryOfAsync(PostsDbContext db, string slug, ClaimsPrincipal user,
        CancellationToken cancellationToken, bool tracking = false)
    {
        var article = await ArticlesApi.FindAsync(db, slug, cancellationToken, tracking);
        var reader = user.UserId();
        var staff = user.IsStaff();
        if (article is null || !(staff || article.IsVisibleTo(reader))) return (null, ArticlesApi.NotFound(slug));
        if (!staff && article.AuthorId != reader) return (null, RealWorldResults.Forbidden("article", "only its author and staff see a post's revisions"));
        return (article, null);
    }

    static async Task<ArticleRevision?> FindAsync(PostsDbContext db, Article article, string id, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var revisionId)
            ? await db.ArticleRevisions.AsNoTracking().SingleOrDefaultAsync(r => r.Id == revisionId && r.ArticleId == article.Id, cancellationToken)
            : null;

    static RevisionResponse Response(ArticleRevision revision, bool withBody) =>
        new(revision.Id, revision.Number, revision.Title, revision.Description, withBody ? revision.Body : null, revision.Tags, revision.CreatedAt,
            new RevisionEditor(revision.EditorUsername), revision.RestoredFrom);

    static List<DiffLine> Lines(string from, string to) =>
        [.. InlineDiffBuilder.Diff(from, to, ignoreWhiteSpace: false).Lines.Where(l => l.Type != ChangeType.Imaginary).Select(l => new DiffLine(l.Type switch
        {
            ChangeType.Deleted => "deleted",
            ChangeType.Inserted => "inserted",
            _ => "equal",
        }, l.Text))];

    static ProblemHttpResult NotFound(string id) => RealWorldResults.NotFound("revision", $"This post has no revision '{id}'.");
}
