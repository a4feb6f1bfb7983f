using Blog.Contracts;
using Blog.Identity.Infrastructure;
using Blog.Identity.Model;
using Blog.Messaging;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Authentication;
using Blog.ServiceDefaults.Caching;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Blog.Identity.Apis;

public static class ProfilesApi
{
    public static IEndpointRouteBuilder MapProfilesApi(this IEndpointRouteBuilder app)
    {
        var profiles = app.MapGroup("/api/profiles/{username}").WithTags("Profiles");
        profiles.MapGet("/", GetProfile).WithSummary("A profile");
        profiles.MapPost("/follow", Follow).RequireAuthorization().WithSummary("Follow a blogger");
        profiles.MapDelete("/follow", Unfollow).RequireAuthorization().WithSummary("Stop following a blogger");

        app.MapGet("/api/bloggers", GetBloggers).WithTags("Profiles").WithSummary("Bloggers, the featured ones (star bloggers) with `featured=true`");
        return app;
    }

    /// <summary>
    /// A visitor's view of a profile is the same for every visitor: kept in the replica's cache until a
    /// write. A reader's view adds whether they follow the blogger (one query).
    /// </summary>
    static async Task<Results<Ok<ProfileEnvelope>, ProblemHttpResult>> GetProfile(
        string username, HttpContext http, IdentityDbContext db, ContentCache cache, CancellationToken cancellationToken)
    {
        var seen = await cache.GetOrLoadAsync(new VisitorsProfileKey(AccountRules.Normalize(username)), async () =>
            await FindAsync(db, username, cancellationToken) is { } found ? new VisitorsProfile(found.Id, ProfileResponse.For(found, following: false)) : null);
        if (seen is null) return NotFound(username);
        if (http.User.UserId() is not { } me) return TypedResults.Ok(new ProfileEnvelope(seen.Profile));
        var following = await db.Follows.AnyAsync(f => f.FollowerId == me && f.FolloweeId == seen.Id, cancellationToken);
        return TypedResults.Ok(new ProfileEnvelope(seen.Profile with { Following = following }));
    }

    sealed record VisitorsProfileKey(string NormalizedUsername);
    sealed record VisitorsProfile(Guid Id, ProfileResponse Profile);
    sealed record BloggersKey(bool? Featured, int Take, int Skip);

    static async Task<Results<Ok<ProfileEnvelope>, ProblemHttpResult, UnprocessableEntity<ErrorsEnvelope>, UnauthorizedHttpResult>> Follow(
        string username, HttpContext http, IdentityDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var me = await UsersApi.FindCurrentAsync(db, http, cancellationToken);
        if (me is null) return TypedResults.Unauthorized();
        var blogger = await FindAsync(db, username, cancellationToken);
        if (blogger is null) return NotFound(username);
        if (blogger.Id == me.Id) return ValidationErrors.For("username", "cannot follow yourself");

        if (!await db.Follows.AnyAsync(f => f.FollowerId == me.Id && f.FolloweeId == blogger.Id, cancellationToken))
        {
            var now = clock.GetUtcNow();
            db.Follows.Add(new Model.Follow { FollowerId = me.Id, FolloweeId = blogger.Id, CreatedAt = now });
            db.AddIntegrationEvent(blogger.Id.ToString(), new UserFollowed(me.Id, me.Username, blogger.Id, blogger.Username, now));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
            {
                // A concurrent request followed first: the outcome is the same.
            }
        }
        return TypedResults.Ok(new ProfileEnvelope(ProfileResponse.For(blogger, following: true)));
    }

    static async Task<Results<Ok<ProfileEnvelope>, ProblemHttpResult, UnauthorizedHttpResult>> Unfollow(
        string username, HttpContext http, IdentityDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var me = await UsersApi.FindCurrentAsync(db, http, cancellationToken);
        if (me is null) return TypedResults.Unauthorized();
        var blogger = await FindAsync(db, username, cancellationToken);
        if (blogger is null) return NotFound(username);

        var follow = await db.Follows.SingleOrDefaultAsync(f => f.FollowerId == me.Id && f.FolloweeId == blogger.Id, cancellationToken);
        if (follow is not null)
        {
            db.Follows.Remove(follow);
            db.AddIntegrationEvent(blogger.Id.ToString(), new UserUnfollowed(me.Id, me.Username, blogger.Id, blogger.Username, clock.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
        }
        return TypedResults.Ok(new ProfileEnvelope(ProfileResponse.For(blogger, following: false)));
    }

    /// <summary>Bloggers for the "Star bloggers" box (`featured=true`) or a directory, by name, paged.</summary>
    static async Task<Results<Ok<BloggersResponse>, UnprocessableEntity<ErrorsEnvelope>>> GetBloggers(
        IdentityDbContext db, ContentCache cache, CancellationToken cancellationToken, bool? featured = null, string? limit = null, string? offset = null)
    {
        var errors = new ValidationErrors();
        var (take, skip) = Paging.Read(limit, offset, 20, 100, errors);
        if (errors.Any) return errors.ToResult();
        return TypedResults.Ok(await cache.GetOrLoadAsync(new BloggersKey(featured, take, skip), async () =>
        {
            var query = db.Users.AsNoTracking();
            if (featured is { } wanted) query = query.Where(u => u.Featured == wanted);
            var count = await query.CountAsync(cancellationToken);
            var page = await query.OrderBy(u => u.NormalizedUsername).Skip(skip).Take(take).ToListAsync(cancellationToken);
            return new BloggersResponse(page.Select(u => ProfileResponse.For(u, following: false)).ToList(), count);
        }));
    }

    internal static Task<User?> FindAsync(IdentityDbContext db, string username, CancellationToken cancellationToken)
    {
        var normalized = AccountRules.Normalize(username);
        return db.Users.SingleOrDefaultAsync(u => u.NormalizedUsername == normalized, cancellationToken);
    }

    internal static ProblemHttpResult NotFound(string username) =>
        RealWorldResults.NotFound("profile", $"No blogger is called '{username}'.");
}
