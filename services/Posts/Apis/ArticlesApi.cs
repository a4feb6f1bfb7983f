using Blog.Messaging;
using Blog.Posts.Infrastructure;
using Blog.Posts.Model;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Authentication;
using Blog.ServiceDefaults.Caching;
using Blog.ServiceDefaults.Views;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Blog.Posts.Apis;

public static class ArticlesApi
{
    public const int DefaultLimit = 20, MaxLimit = 100;

    public static IEndpointRouteBuilder MapArticlesApi(this IEndpointRouteBuilder app)
    {
        var articles = app.MapGroup("/api/articles").WithTags("Articles");
        articles.MapGet("/", ListArticles).WithSummary("Articles, newest first").WithDescription("Filter by `tag`, `author`, `favorited`, `category`, `q` (search); `sort=popular`; `status=draft` for one's drafts, `status=scheduled` for one's scheduled posts (soonest first). Items carry no body.");
        articles.MapGet("/feed", Feed).RequireAuthorization().WithSummary("Articles of the bloggers one follows");
        articles.MapGet("/{slug}", GetArticle).WithSummary("An article").WithDescription("Counts a view (once per viewer per 30 minutes). An old slug of a renamed post still answers.");
        articles.MapPost("/", CreateArticle).RequireAuthorization().WithSummary("Write an article (published, `status: draft`, or `status: scheduled` with `publishAt`)");
        articles.MapPost("/preview", Preview).RequireAuthorization().WithSummary("Render Markdown as the post page will show it");
        articles.MapPut("/{slug}", UpdateArticle).RequireAuthorization().WithSummary("Edit an article (its author)").WithDescription("Changes only the fields named.");
        articles.MapDelete("/{slug}", DeleteArticle).RequireAuthorization().WithSummary("Delete an article (its author)");
        return app;
    }

    /// <summary>A published article's cache key.</summary>
    sealed record ArticleKey(string Slug);

    /// <summary>What the article handlers share, taken as one parameter.</summary>
    public sealed record ArticleServices(PostsDbContext Db, ArticleResponses Responses, BodyRenderer Renderer, TimeProvider Clock, SiteLinks Links);

    /// <summary>
    /// A public list is served from the replica's cache while Redis's content version is unchanged,
    /// checked in the round trip that reads the page's pending views; the reader's own state (follows,
    /// reactions) is added per request.
    /// </summary>
    static async Task<Results<Ok<MultipleArticles>, UnprocessableEntity<ErrorsEnvelope>, UnauthorizedHttpResult>> ListArticles(
        HttpContext http, [AsParameters] ArticleListQuery query, [AsParameters] ArticleServices services, ViewCounter views, ContentCache cache,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (take, skip) = Paging.Read(query.Limit, query.Offset, DefaultLimit, MaxLimit, errors);
        if (query.Sort is not (null or "latest" or "popular")) errors.Add("sort", "must be latest or popular");
        if (query.Status is not null && !ArticleStatuses.TryParse(query.Status, out _)) errors.Add("status", ArticleStatuses.Invalid);
        // A NUL cannot reach PostgreSQL as text: refused with the field named instead.
        foreach (var (field, value) in query.TextFilters) TextRules.Check(value, field, errors);
        if (errors.Any) return errors.ToResult();

        var reader = http.User.UserId();
        if (ArticleStatuses.TryParse(query.Status, out var status) && status != ArticleStatus.Published)
        {
            // Drafts and scheduled posts are seen by their author only: "my drafts", "my scheduled posts".
            if (reader is null) return TypedResults.Unauthorized();
            var mine = await ArticleLists.OfAuthorAsync(services.Db, reader.Value, status, take, skip, cancellationToken);
            return TypedResults.Ok(new MultipleArticles(await services.Responses.ForAsync(mine.Articles, reader, withBody: false, cancellationToken), mine.Count));
        }

        var key = ArticleListKey.Of(query, take, skip);
        // The list's views not yet flushed are read in the round trip that checks the cache.
        var (page, pending) = (await cache.GetOrLoadAsync(key,
            async () => await ArticleLists.PublishedAsync(services.Db, key, services.Clock.GetUtcNow(), cancellationToken),
            listed => views.PendingAndReadAsync([.. listed.Articles.Select(a => a.Id)], cache.VersionKey),
            keep: _ => true))!.Value;
        return TypedResults.Ok(new MultipleArticles(
            await services.Responses.ForAsync(page.Articles, reader, withBody: false, cancellationToken, pending?.Result, page.Snippets), page.Count));
    }

    static async Task<Results<Ok<MultipleArticles>, UnprocessableEntity<ErrorsEnvelope>>> Feed(
        HttpContext http, [AsParameters] ArticleServices services, CancellationToken cancellationToken, string? limit = null, string? offset = null)
    {
        var errors = new ValidationErrors();
        var (take, skip) = Paging.Read(limit, offset, DefaultLimit, MaxLimit, errors);
        if (errors.Any) return errors.ToResult();
        var reader = http.User.UserId()!.Value;

        var followed = services.Db.Articles.AsNoTracking()
            .Where(a => a.Status == ArticleStatus.Published && services.Db.AuthorFollows.Any(f => f.FollowerId == reader && f.FolloweeId == a.AuthorId));
        var page = await ArticleLists.PageAsync(followed, followed.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id), take, skip, cancellationToken);
        return TypedResults.Ok(new MultipleArticles(await services.Responses.ForAsync(page.Articles, reader, withBody: false, cancellationToken), page.Count));
    }

    /// <summary>
    /// The hot path: a published article from the replica's cache, its view counted and the cache's
    /// version checked in one Redis round trip; the database only when the cache is stale or cold.
    /// </summary>
    static async Task<Results<Ok<ArticleEnvelope<ArticleResponse>>, ProblemHttpResult>> GetArticle(
        string slug, HttpContext http, [AsParameters] ArticleServices services, ViewCounter views, ContentCache cache,
        CancellationToken cancellationToken)
    {
        var reader = http.User.UserId();
        // Only published articles are kept (the same for every reader); the view is counted in the round trip that checks the cache.
        var found = await cache.GetOrLoadAsync(new ArticleKey(slug),
            async () => await FindAsync(services.Db, slug, cancellationToken) is { } loaded && loaded.IsVisibleTo(reader) ? loaded : null,
            article => views.CountAndReadAsync(article.Id, ArticleViewers.Of(http), http.Request.Headers.UserAgent,
                countable: article.Status == ArticleStatus.Published, cache.VersionKey),
            keep: article => article.Status == ArticleStatus.Published);
        if (found is not var (article, read)) return NotFound(slug);

        if (article.Status == ArticleStatus.Published) http.Response.Headers[ViewCounter.ArticleHeader] = article.Id.ToString("N");
        return TypedResults.Ok(new ArticleEnvelope<ArticleResponse>(await services.Responses.ForAsync(article, reader, cancellationToken, read?.Result)));
    }

    static async Task<Results<Created<ArticleEnvelope<ArticleResponse>>, UnprocessableEntity<ErrorsEnvelope>>> CreateArticle(
        ArticleEnvelope<ArticleInput>? body, HttpContext http, [AsParameters] ArticleServices services, RevisionHistory revisions, CancellationToken cancellationToken)
    {
        if (body?.Article is not { } input) return ValidationErrors.For("article", "can't be blank");
        var errors = new ValidationErrors();
        ArticleRules.CheckTitle(input.Title, errors, required: true);
        ArticleRules.CheckDescription(input.Description, errors, required: true);
        ArticleRules.CheckBody(input.Body, errors, required: true);
        ArticleRules.CheckTagList(input.TagList, input.Has(nameof(input.TagList)), errors);
        var tags = ArticleRules.NormalizeTags(input.TagList, errors);
        var now = services.Clock.GetUtcNow();
        if (!ArticleStatuses.TryParse(input.Status, out var status)) errors.Add("status", ArticleStatuses.Invalid);
        var publishAt = ArticleRules.CheckSchedule(null, status, input.PublishAt, null, now, errors);
        var category = await CategoryOfAsync(services.Db, input.Category, errors, cancellationToken);
        if (errors.Any) return errors.ToResult();

        var author = await Authors.EnsureAsync(services.Db, http.User, cancellationToken);
        var article = new Article
        {
            Id = Guid.CreateVersion7(),
            Title = input.Title!.Trim(),
            Description = input.Description!.Trim(),
            Body = input.Body!,
            BodyHtml = services.Renderer.Render(input.Body!),
            AuthorId = author.Id,
            Author = author,
            CategoryId = category?.Id,
            Category = category,
            Tags = tags,
            CreatedAt = now,
            UpdatedAt = now,
        };
        article.MoveTo(status, publishAt);
        article.Slug = ArticleRules.NewSlug(article.Title);
        services.Db.Articles.Add(article);
        services.Db.ArticleSlugs.Add(new ArticleSlug { Slug = article.Slug, ArticleId = article.Id });
        if (status == ArticleStatus.Published) Publish(services, article, now);
        await revisions.RecordAsync(article, http.User, now, cancellationToken);
        await services.Db.SaveChangesAsync(cancellationToken);

        return TypedResults.Created($"/api/articles/{article.Slug}",
            new ArticleEnvelope<ArticleResponse>(await services.Responses.ForAsync(article, author.Id, cancellationToken)));
    }

    static async Task<Results<Ok<ArticleEnvelope<ArticleResponse>>, UnprocessableEntity<ErrorsEnvelope>, ProblemHttpResult>> UpdateArticle(
        string slug, ArticleEnvelope<ArticleInput>? body, HttpContext http, [AsParameters] ArticleServices services, RevisionHistory revisions,
        CancellationToken cancellationToken)
    {
        if (body?.Article is not { } input) return ValidationErrors.For("article", "can't be blank");
        var article = await FindAsync(services.Db, slug, cancellationToken, tracking: true);
        var reader = http.User.UserId();
        if (article is null || !article.IsVisibleTo(reader)) return NotFound(slug);
        if (article.AuthorId != reader) return Forbidden("only its author may edit a post");
        if (article.IsTakenDown && input.Status is not null && ArticleStatuses.TryParse(input.Status, out var wanted) && wanted != ArticleStatus.Draft)
            return Forbidden($"moderators took this post down ({article.TakedownReason}); it stays a draft until a moderator restores it");

        var errors = new ValidationErrors();
        ArticleRules.CheckTitle(input.Title, errors, required: input.Has(nameof(input.Title)));
        ArticleRules.CheckDescription(input.Description, errors, required: input.Has(nameof(input.Description)));
        ArticleRules.CheckBody(input.Body, errors, required: input.Has(nameof(input.Body)));
        ArticleRules.CheckTagList(input.TagList, input.Has(nameof(input.TagList)), errors);
        var tags = input.TagList is null ? null : ArticleRules.NormalizeTags(input.TagList, errors);
        var status = article.Status;
        if (input.Status is not null && !ArticleStatuses.TryParse(input.Status, out status)) errors.Add("status", ArticleStatuses.Invalid);
        var now = services.Clock.GetUtcNow();
        var publishAt = ArticleRules.CheckSchedule(article.Status, status, input.PublishAt, article.PublishAt, now, errors);
        var category = input.Has(nameof(input.Category)) ? await CategoryOfAsync(services.Db, input.Category, errors, cancellationToken) : article.Category;
        if (errors.Any) return errors.ToResult();

        var wasPublished = article.Status == ArticleStatus.Published;
        Rewrite(services, article, input.Title, input.Description, input.Body, tags);
        article.CategoryId = category?.Id;
        article.Category = category;
        article.MoveTo(status, publishAt);
        article.UpdatedAt = now;

        if (!wasPublished && status == ArticleStatus.Published) Publish(services, article, now);
        else if (wasPublished && status != ArticleStatus.Published)
            services.Db.AddIntegrationEvent(article.Id.ToString(), ArticleEvents.Unpublished(article, now));
        else if (wasPublished)
            services.Db.AddIntegrationEvent(article.Id.ToString(), ArticleEvents.Updated(article, services.Links.Article(article.Slug)));
        await revisions.RecordAsync(article, http.User, now, cancellationToken);
        if (await SaveEditAsync(services.Db, cancellationToken) is { } conflict) return conflict;
        return TypedResults.Ok(new ArticleEnvelope<ArticleResponse>(await services.Responses.ForAsync(article, reader, cancellationToken)));
    }

    /// <summary>Sets the words a save names (null: unchanged). A new title gives a new slug; the old one keeps leading here.</summary>
    internal static void Rewrite(ArticleServices services, Article article, string? title, string? description, string? body, List<string>? tags)
    {
        if (title is not null && title.Trim() != article.Title)
        {
            article.Title = title.Trim();
            article.Slug = ArticleRules.NewSlug(article.Title);
            services.Db.ArticleSlugs.Add(new ArticleSlug { Slug = article.Slug, ArticleId = article.Id });
        }
        if (description is not null) article.Description = description.Trim();
        if (body is not null)
        {
            article.Body = body;
            article.BodyHtml = services.Renderer.Render(body);
        }
        if (tags is not null) article.Tags = tags;
    }

    /// <summary>Saves an edit; a 409 when another save of the post took the same revision number at the same moment.</summary>
    internal static async Task<ProblemHttpResult?> SaveEditAsync(PostsDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return RealWorldResults.Conflict("article", "was saved by someone else at the same moment", "Load the post again and repeat your change.");
        }
    }

    static async Task<Results<NoContent, ProblemHttpResult>> DeleteArticle(
        string slug, HttpContext http, [AsParameters] ArticleServices services, CancellationToken cancellationToken)
    {
        var article = await FindAsync(services.Db, slug, cancellationToken, tracking: true);
        var reader = http.User.UserId();
        if (article is null || !article.IsVisibleTo(reader)) return NotFound(slug);
        if (article.AuthorId != reader) return Forbidden("only its author may delete a post");

        services.Db.Articles.Remove(article);
        services.Db.AddIntegrationEvent(article.Id.ToString(), ArticleEvents.Deleted(article, services.Clock.GetUtcNow()));
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// A post becoming public raises PostPublished, also when it returns from draft (readers of the event
    /// dropped it on PostUnpublished); it keeps the date it was first published.
    /// </summary>
    internal static void Publish(ArticleServices services, Article article, DateTimeOffset now)
    {
        article.MarkPublished(now);
        services.Db.AddIntegrationEvent(article.Id.ToString(), ArticleEvents.Published(article, services.Links.Article(article.Slug)));
    }

    internal static async Task<Article?> FindAsync(PostsDbContext db, string slug, CancellationToken cancellationToken, bool tracking = false)
    {
        var articles = tracking ? db.Articles : db.Articles.AsNoTracking();
        return await articles.Include(a => a.Author).Include(a => a.Category)
            .Where(a => db.ArticleSlugs.Any(s => s.Slug == slug && s.ArticleId == a.Id))
            .SingleOrDefaultAsync(cancellationToken);
    }

    static async Task<Category?> CategoryOfAsync(PostsDbContext db, string? slug, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(slug)) return null;
        var normalized = slug.Trim().ToLowerInvariant();
        var category = await db.Categories.SingleOrDefaultAsync(c => c.Slug == normalized, cancellationToken);
        if (category is null) errors.Add("category", "is not a known category");
        return category;
    }


    /// <summary>The HTML a body would be published as, for the writer's preview: the same renderer and sanitiser as publishing.</summary>
    static Results<Ok<PreviewResponse>, UnprocessableEntity<ErrorsEnvelope>> Preview(ArticleEnvelope<PreviewInput>? body, BodyRenderer renderer)
    {
        if (body?.Article is null) return ValidationErrors.For("article", "can't be blank");
        var markdown = body.Article.Body ?? "";
        if (markdown.Length == 0) return ValidationErrors.For("body", "can't be blank: there is nothing to preview");
        var errors = new ValidationErrors();
        ArticleRules.CheckBody(markdown, errors, required: true);
        if (errors.Any) return errors.ToResult();
        return TypedResults.Ok(new PreviewResponse(renderer.Render(markdown)));
    }

    internal static ProblemHttpResult NotFound(string slug) =>
        RealWorldResults.NotFound("article", $"No article has the slug '{slug}'.");

    static ProblemHttpResult Forbidden(string detail) =>
        RealWorldResults.Forbidden("article", detail);
}
