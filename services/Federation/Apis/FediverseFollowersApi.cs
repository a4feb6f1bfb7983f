using Blog.Federation.Infrastructure;
using Blog.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Blog.Federation.Apis;

/// <summary>A remote follower as the site shows it: its handle, linked to its profile on its own server.</summary>
public sealed record FediverseFollower(string Handle, string Name, string? Url, DateTimeOffset FollowedAt);
public sealed record FediverseFollowersResponse(IReadOnlyList<FediverseFollower> Followers, int FollowersCount);

/// <summary>Who follows an account from other servers, newest first, for the site's author page (public, as on Mastodon).</summary>
public static class FediverseFollowersApi
{
    const int DefaultLimit = 20, MaxLimit = 100;

    public static void MapFediverseFollowersApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/federation/users/{username}/followers", Followers).WithTags("Federation")
            .WithSummary("The account's followers on other servers (fediverse), newest first");

    static async Task<Results<Ok<FediverseFollowersResponse>, ProblemHttpResult, UnprocessableEntity<ErrorsEnvelope>>> Followers(
        string username, FederationDbContext db, CancellationToken cancellationToken, string? limit = null, string? offset = null)
    {
        var errors = new ValidationErrors();
        var (take, skip) = Paging.Read(limit, offset, DefaultLimit, MaxLimit, errors);
        if (errors.Any) return errors.ToResult();
        if (await db.ActorNamedAsync(username, cancellationToken) is not { } actor) return RealWorldResults.NotFound("user", $"There is no account {username} here.");

        var followers = db.Followers.AsNoTracking().Where(f => f.LocalUserId == actor.UserId);
        var count = await followers.CountAsync(cancellationToken);
        var page = await followers.OrderByDescending(f => f.FollowedAt).ThenBy(f => f.ActorId).Skip(skip).Take(take)
            .Select(f => new { f.FollowedAt, f.Actor }).ToListAsync(cancellationToken);
        return TypedResults.Ok(new FediverseFollowersResponse(
            [.. page.Select(f => new FediverseFollower(f.Actor.Handle, f.Actor.DisplayName, f.Actor.Url ?? f.Actor.Id, f.FollowedAt))], count));
    }
}
