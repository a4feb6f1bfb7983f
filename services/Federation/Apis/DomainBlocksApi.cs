using System.Globalization;
using System.Security.Claims;
using Blog.Federation.Infrastructure;
using Blog.Federation.Model;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Authentication;
using Blog.ServiceDefaults.Caching;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Blog.Federation.Apis;

public sealed record DomainBlockView(string Domain, DateTimeOffset BlockedAt, string BlockedBy);
public sealed record DomainBlocksEnvelope(IReadOnlyList<DomainBlockView> Blocks);

/// <summary>
/// Admins refuse whole remote servers: nothing from a blocked domain (or its subdomains) is accepted or
/// fetched, nothing is sent to it, its accounts stop following anyone here, and their likes and replies are taken back.
/// </summary>
public static class DomainBlocksApi
{
    public static void MapDomainBlocksApi(this IEndpointRouteBuilder app)
    {
        var blocks = app.MapGroup("/api/federation/blocks").WithTags("Federation").RequireAuthorization(BlogAuthentication.AdminPolicy);
        blocks.MapGet("", List).WithSummary("The blocked domains (admins)");
        blocks.MapPut("/{domain}", Block).WithSummary("Block a domain (admins)");
        blocks.MapDelete("/{domain}", Unblock).WithSummary("Unblock a domain (admins)");
    }

    static async Task<Ok<DomainBlocksEnvelope>> List(FederationDbContext db, CancellationToken cancellationToken)
    {
        var blocks = await db.BlockedDomains.AsNoTracking().OrderBy(b => b.Domain)
            .Select(b => new DomainBlockView(b.Domain, b.BlockedAt, b.BlockedBy)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new DomainBlocksEnvelope(blocks));
    }

    static async Task<Results<Ok<DomainBlockView>, UnprocessableEntity<ErrorsEnvelope>>> Block(
        string domain, ClaimsPrincipal user, FederationDbContext db, ContentCache pages, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Normalize(domain) is not { } host) return ValidationErrors.For("domain", "is not a host name (such as mastodon.example)");
        var block = await db.BlockedDomains.SingleOrDefaultAsync(b => b.Domain == host, cancellationToken);
        if (block is null)
        {
            block = db.BlockedDomains.Add(new BlockedDomain { Domain = host, BlockedAt = clock.GetUtcNow(), BlockedBy = user.FindFirstValue(BlogClaims.Username) ?? "" }).Entity;
            var actors = await db.RemoteActors.Select(a => new { a.Id, a.Host }).ToListAsync(cancellationToken);
            var blocked = actors.Where(a => BlockedDomain.Covers(host, a.Host)).Select(a => a.Id).ToList();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Followers.Where(f => blocked.Contains(f.ActorId)).ExecuteDeleteAsync(cancellationToken);
            await db.WithdrawWhatActorsGaveAsync(blocked, clock.GetUtcNow(), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await pages.InvalidateAsync();
        }
        return TypedResults.Ok(new DomainBlockView(block.Domain, block.BlockedAt, block.BlockedBy));
    }

    static async Task<Results<NoContent, UnprocessableEntity<ErrorsEnvelope>>> Unblock(string domain, FederationDbContext db, CancellationToken cancellationToken)
    {
        if (Normalize(domain) is not { } host) return ValidationErrors.For("domain", "is not a host name (such as mastodon.example)");
        await db.BlockedDomains.Where(b => b.Domain == host).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The host name lower-case (IDN in its ASCII form), or null when `domain` is not one.</summary>
    static string? Normalize(string domain)
    {
        var trimmed = domain.Trim().TrimEnd('.');
        if (trimmed.Length is 0 or > 253 || Uri.CheckHostName(trimmed) is not (UriHostNameType.Dns or UriHostNameType.IPv4)) return null;
        try
        {
            return new IdnMapping().GetAscii(trimmed).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
