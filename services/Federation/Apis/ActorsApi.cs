using System.Text.Json.Nodes;
using Blog.Federation.Infrastructure;
using Blog.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Blog.Federation.Apis;

/// <summary>
/// The documents other servers read: each account as a `Person` with its outbox and followers, and each
/// post as an `Article`. Asked for by a browser (not ActivityPub JSON), the same addresses lead to the
/// site's author and post pages.
/// </summary>
public static class ActorsApi
{
    const int OutboxItems = 20;

    public static void MapActorsApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/users/{username}").WithTags("Federation");
        users.MapGet("", Actor).WithSummary("The account as an ActivityPub `Person` (a browser is sent to the author page)");
        users.MapGet("/outbox", Outbox).WithSummary("The account's newest public posts, as `Create` activities");
        users.MapGet("/followers", Followers).WithSummary("How many remote accounts follow the account");
        users.MapGet("/following", (string username, FederationAddresses addresses) =>
            Document(ActivityDocuments.Collection(addresses.Following(username), 0, []))).WithSummary("Whom the account follows elsewhere (no one)");
        app.MapGet("/ap/posts/{id}", Article).WithTags("Federation").WithSummary("A post as an ActivityPub `Article` (a browser is sent to the post)");
    }

    /// <summary>Whether the caller asks for ActivityPub JSON rather than a page.</summary>
    static bool WantsActivityJson(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Value is "application/activity+json" or "application/ld+json");

    static ContentHttpResult Document(JsonObject document) => TypedResults.Text(document.ToJsonString(), RemoteActors.ActivityJson + "; charset=utf-8");

    static async Task<IResult> Actor(string username, HttpRequest request, FederationDbContext db, FederationAddresses addresses, ActivityDocuments documents, CancellationToken cancellationToken)
    {
        var actor = await db.ActorNamedAsync(username, cancellationToken);
        if (actor is not null && !WantsActivityJson(request)) return TypedResults.Redirect(addresses.AuthorPage(actor.Username));
        if (actor is null)
        {
            var normalized = username.ToUpperInvariant();
            var deleted = await db.LocalActors.AnyAsync(a => a.NormalizedUsername == normalized && a.DeletedAt != null, cancellationToken);
            return deleted ? Gone(addresses.Actor(username)) : RealWorldResults.NotFound("user", $"There is no account {username} here.");
        }
        request.HttpContext.Response.Headers[HeaderNames.Vary] = HeaderNames.Accept;
        return Document(documents.Person(actor));
    }

    static async Task<IResult> Outbox(string username, FederationDbContext db, FederationAddresses addresses, ActivityDocuments documents, CancellationToken cancellationToken)
    {
        if (await db.ActorNamedAsync(username, cancellationToken) is not { } actor) return RealWorldResults.NotFound("user", $"There is no account {username} here.");
        var posts = db.Posts.AsNoTracking().Where(p => p.AuthorId == actor.UserId && p.Public);
        var total = await posts.CountAsync(cancellationToken);
        var newest = await posts.OrderByDescending(p => p.PublishedAt).Take(OutboxItems).ToListAsync(cancellationToken);
        var items = new JsonArray([.. newest.Select(post => (JsonNode)documents.Activity("Create", actor.Username, documents.Article(post, actor.Username), post.PublishedAt,
            id: addresses.Article(post.PostId) + "#create"))]);
        foreach (var item in items) item!.AsObject().Remove("@context");
        return Document(ActivityDocuments.Collection(addresses.Outbox(actor.Username), total, items));
    }

    static async Task<IResult> Followers(string username, FederationDbContext db, FederationAddresses addresses, CancellationToken cancellationToken)
    {
        if (await db.ActorNamedAsync(username, cancellationToken) is not { } actor) return RealWorldResults.NotFound("user", $"There is no account {username} here.");
        var total = await db.Followers.CountAsync(f => f.LocalUserId == actor.UserId, cancellationToken);
        // The count only: who follows whom is the followers' business (as Mastodon lets accounts choose).
        return Document(ActivityDocuments.Collection(addresses.Followers(actor.Username), total));
    }

    static async Task<IResult> Article(string id, HttpRequest request, FederationDbContext db, FederationAddresses addresses, ActivityDocuments documents, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var postId)) return RealWorldResults.NotFound("article", "There is no such post.");
        var post = await db.Posts.AsNoTracking().SingleOrDefaultAsync(p => p.PostId == postId, cancellationToken);
        if (post is null) return RealWorldResults.NotFound("article", "There is no such post.");
        if (!WantsActivityJson(request)) return post.Public ? TypedResults.Redirect(post.Url) : Gone(addresses.Article(postId));
        if (!post.Public) return Gone(addresses.Article(postId));
        var author = await db.LocalActors.AsNoTracking().SingleOrDefaultAsync(a => a.UserId == post.AuthorId, cancellationToken);
        if (author is null) return RealWorldResults.NotFound("article", "There is no such post.");
        var article = documents.Article(post, author.Username);
        article["@context"] = "https://www.w3.org/ns/activitystreams";
        return Document(article);
    }

    /// <summary>410 with a `Tombstone`: what was here was deleted.</summary>
    static ContentHttpResult Gone(string id) => TypedResults.Text(new JsonObject
    {
        ["@context"] = "https://www.w3.org/ns/activitystreams",
        ["id"] = id,
        ["type"] = "Tombstone",
    }.ToJsonString(), RemoteActors.ActivityJson + "; charset=utf-8", statusCode: StatusCodes.Status410Gone);
}
