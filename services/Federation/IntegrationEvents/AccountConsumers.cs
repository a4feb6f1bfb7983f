using System.Security.Cryptography;
using Blog.Contracts;
using Blog.Federation.Infrastructure;
using Blog.Federation.Model;
using Blog.Messaging.Inbox;
using Blog.Messaging.Projections;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Federation.IntegrationEvents;

/// <summary>Every account becomes an actor, with a key pair of its own, when Identity registers it.</summary>
public sealed class UserRegisteredConsumer(FederationDbContext db, ActivityDocuments documents, TimeProvider clock)
    : InboxConsumer<UserRegistered, FederationDbContext>(db)
{
    protected override Task HandleAsync(UserRegistered message, ConsumeContext<UserRegistered> context, CancellationToken cancellationToken) =>
        Db.ApplyProfileAsync(documents, message.UserId, message.Username, message.DisplayName, message.Bio, message.Image, message.RegisteredAt, clock.GetUtcNow(), cancellationToken);
}

/// <summary>A profile change reaches the account's followers as an `Update` of the actor.</summary>
public sealed class UserProfileUpdatedConsumer(FederationDbContext db, ActivityDocuments documents, TimeProvider clock)
    : InboxConsumer<UserProfileUpdated, FederationDbContext>(db)
{
    protected override Task HandleAsync(UserProfileUpdated message, ConsumeContext<UserProfileUpdated> context, CancellationToken cancellationToken) =>
        Db.ApplyProfileAsync(documents, message.UserId, message.Username, message.DisplayName, message.Bio, message.Image, message.UpdatedAt, clock.GetUtcNow(), cancellationToken);
}

/// <summary>
/// A deleted account's followers are sent a `Delete` of the actor (Mastodon then removes it and its posts);
/// the actor stays as a tombstone, its key kept to sign that, and its address answers 410 Gone.
/// </summary>
public sealed class UserDeletedConsumer(FederationDbContext db, ActivityDocuments documents, FederationAddresses addresses, TimeProvider clock)
    : InboxConsumer<UserDeleted, FederationDbContext>(db)
{
    protected override async Task HandleAsync(UserDeleted message, ConsumeContext<UserDeleted> context, CancellationToken cancellationToken)
    {
        var actor = await Db.LocalActors.SingleOrDefaultAsync(a => a.UserId == message.UserId, cancellationToken);
        if (actor is null || actor.DeletedAt is not null) return;
        var now = clock.GetUtcNow();
        actor.DeletedAt = message.DeletedAt;
        await Db.EnqueueToFollowersAsync(actor.UserId, documents.Delete(actor.Username, addresses.Actor(actor.Username), now), now, cancellationToken);
        await Db.Followers.Where(f => f.LocalUserId == actor.UserId).ExecuteDeleteAsync(cancellationToken);
        await Db.Posts.Where(p => p.AuthorId == actor.UserId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Public, false), cancellationToken);
    }
}

static class ActorProjection
{
    public static async Task ApplyProfileAsync(this FederationDbContext db, ActivityDocuments documents, Guid id, string username, string displayName, string bio,
        string? image, DateTimeOffset asOf, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (actor, isNewer) = await db.LocalActors.ForProfileStateAsync(a => a.UserId == id, () => NewActor(id, now), asOf, cancellationToken);
        if (!isNewer || actor.DeletedAt is not null) return;
        var known = db.Entry(actor).State != EntityState.Added;
        actor.Username = username;
        actor.NormalizedUsername = username.ToUpperInvariant();
        actor.DisplayName = displayName;
        actor.Bio = bio;
        actor.Image = image;
        if (known) await db.EnqueueToFollowersAsync(actor.UserId, documents.Activity("Update", username, documents.Person(actor), now), now, cancellationToken);
    }

    /// <summary>A new actor with its RSA key pair (2048 bits: what Mastodon and Fedify use with `rsa-sha256`).</summary>
    static LocalActor NewActor(Guid id, DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        return new LocalActor { UserId = id, CreatedAt = now, PublicKeyPem = key.ExportSubjectPublicKeyInfoPem(), PrivateKeyPem = key.ExportPkcs8PrivateKeyPem() };
    }
}
