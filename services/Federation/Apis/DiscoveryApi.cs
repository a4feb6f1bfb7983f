using System.Text.Json.Nodes;
using Blog.Federation.Infrastructure;
using Blog.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Blog.Federation.Apis;

/// <summary>How other servers find this site's accounts: WebFinger (RFC 7033) and NodeInfo 2.1.</summary>
public static class DiscoveryApi
{
    const string NodeInfoSchema = "http://nodeinfo.diaspora.software/ns/schema/2.1";

    public static void MapDiscoveryApi(this IEndpointRouteBuilder app)
    {
        var discovery = app.MapGroup("").WithTags("Federation");
        discovery.MapGet("/.well-known/webfinger", WebFinger).WithSummary("An account by `acct:name@host` or by its actor address (WebFinger)");
        discovery.MapGet("/.well-known/nodeinfo", (FederationAddresses addresses) => TypedResults.Json(new JsonObject
        {
            ["links"] = new JsonArray(new JsonObject { ["rel"] = NodeInfoSchema, ["href"] = addresses.NodeInfo }),
        })).WithSummary("Where this server's NodeInfo is");
        discovery.MapGet("/nodeinfo/2.1", NodeInfo).WithSummary("What this server is and how many accounts and posts it has (NodeInfo 2.1)");
    }

    static async Task<Results<JsonHttpResult<JsonObject>, ProblemHttpResult>> WebFinger(
        string? resource, FederationDbContext db, FederationAddresses addresses, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(resource))
            return RealWorldResults.Problem(StatusCodes.Status400BadRequest, "resource", "can't be blank", "Ask for ?resource=acct:name@host.");
        var username = UsernameIn(resource.Trim(), addresses);
        if (username is null) return RealWorldResults.NotFound("resource", $"{resource} is not an account of {addresses.Host}.");
        var actor = await db.ActorNamedAsync(username, cancellationToken);
        if (actor is null) return RealWorldResults.NotFound("resource", $"There is no account {username} here.");
        var self = addresses.Actor(actor.Username);
        return TypedResults.Json(new JsonObject
        {
            ["subject"] = $"acct:{actor.Username}@{addresses.Host}",
            ["aliases"] = new JsonArray(self, addresses.AuthorPage(actor.Username)),
            ["links"] = new JsonArray(
                new JsonObject { ["rel"] = "self", ["type"] = RemoteActors.ActivityJson, ["href"] = self },
                new JsonObject { ["rel"] = "http://webfinger.net/rel/profile-page", ["type"] = "text/html", ["href"] = addresses.AuthorPage(actor.Username) }),
        }, contentType: "application/jrd+json; charset=utf-8");
    }

    /// <summary>The local username `acct:name@host` (this host only) or an actor address names.</summary>
    static string? UsernameIn(string resource, FederationAddresses addresses)
    {
        if (resource.StartsWith("acct:", StringComparison.OrdinalIgnoreCase))
        {
            var account = resource[5..].TrimStart('@');
            var at = account.LastIndexOf('@');
            if (at <= 0 || !account[(at + 1)..].Equals(addresses.Host, StringComparison.OrdinalIgnoreCase)) return null;
            return Uri.UnescapeDataString(account[..at]);
        }
        return addresses.UsernameOf(resource);
    }

    static async Task<JsonHttpResult<JsonObject>> NodeInfo(FederationDbContext db, FederationAddresses addresses, CancellationToken cancellationToken)
    {
        var users = await db.LocalActors.CountAsync(a => a.DeletedAt == null, cancellationToken);
        var posts = await db.Posts.CountAsync(p => p.Public, cancellationToken);
        return TypedResults.Json(new JsonObject
        {
            ["version"] = "2.1",
            ["software"] = new JsonObject { ["name"] = "blog", ["version"] = typeof(DiscoveryApi).Assembly.GetName().Version?.ToString(3) ?? "1.0.0" },
            ["protocols"] = new JsonArray("activitypub"),
            ["services"] = new JsonObject { ["inbound"] = new JsonArray(), ["outbound"] = new JsonArray("rss2.0") },
            ["openRegistrations"] = true,
            ["usage"] = new JsonObject { ["users"] = new JsonObject { ["total"] = users }, ["localPosts"] = posts },
            ["metadata"] = new JsonObject { ["nodeName"] = addresses.SiteName },
        }, contentType: $"application/json; profile=\"{NodeInfoSchema}#\"");
    }
}
