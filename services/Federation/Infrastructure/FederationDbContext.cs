using Blog.Contracts;
using Blog.Federation.Model;
using Blog.Messaging;
using Blog.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;

namespace Blog.Federation.Infrastructure;

/// <summary>Federation's own database: local actors and their keys, remote actors and followers, posts as federated, the delivery queue.</summary>
public sealed class FederationDbContext(DbContextOptions<FederationDbContext> options) : DbContext(options)
{
    public DbSet<LocalActor> LocalActors => Set<LocalActor>();
    public DbSet<RemoteActor> RemoteActors => Set<RemoteActor>();
    public DbSet<Follower> Followers => Set<Follower>();
    public DbSet<FederatedPost> Posts => Set<FederatedPost>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<BlockedDomain> BlockedDomains => Set<BlockedDomain>();
    public DbSet<ReceivedActivity> ReceivedActivities => Set<ReceivedActivity>();
    public DbSet<RemoteLike> RemoteLikes => Set<RemoteLike>();
    public DbSet<RemoteComment> RemoteComments => Set<RemoteComment>();

    /// <summary>The live local actor by username, as Identity compares them (case-insensitively); none for what cannot be a username.</summary>
    public Task<LocalActor?> ActorNamedAsync(string username, CancellationToken cancellationToken)
    {
        if (username.Length is 0 or > 100 || TextRules.HasControlCharacters(username)) return Task.FromResult<LocalActor?>(null);
        var normalized = username.ToUpperInvariant();
        return LocalActors.AsNoTracking().SingleOrDefaultAsync(a => a.NormalizedUsername == normalized && a.DeletedAt == null, cancellationToken);
    }

    /// <summary>Takes a remote like back: gone here, and a `RemotePostUnliked` for Posts.</summary>
    public void Withdraw(RemoteLike like, DateTimeOffset now)
    {
        RemoteLikes.Remove(like);
        this.AddIntegrationEvent(like.PostId.ToString(), new RemotePostUnliked(like.PostId, like.ActorId, now));
    }

    /// <summary>Takes a reply from the fediverse back: gone here, and a `RemoteCommentDeleted` for Comments.</summary>
    public void Withdraw(RemoteComment reply, DateTimeOffset now)
    {
        RemoteComments.Remove(reply);
        this.AddIntegrationEvent(reply.PostId.ToString(), new RemoteCommentDeleted(reply.CommentId, reply.PostId, reply.ActorId, now));
    }

    /// <summary>Takes back every like and reply these remote accounts gave (deleted on their server, or their server blocked here).</summary>
    public async Task WithdrawWhatActorsGaveAsync(IReadOnlyCollection<string> actorIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var like in await RemoteLikes.Where(l => actorIds.Contains(l.ActorId)).ToListAsync(cancellationToken)) Withdraw(like, now);
        foreach (var reply in await RemoteComments.Where(r => actorIds.Contains(r.ActorId)).ToListAsync(cancellationToken)) Withdraw(reply, now);
    }

    /// <summary>Whether a block covers `host` (the host itself or a parent domain).</summary>
    public async Task<bool> IsBlockedAsync(string host, CancellationToken cancellationToken)
    {
        var domains = await BlockedDomains.AsNoTracking().Select(b => b.Domain).ToListAsync(cancellationToken);
        return domains.Any(domain => BlockedDomain.Covers(domain, host));
    }

    /// <summary>Claims up to `batch` due deliveries for `lease` (replicas skip claimed ones).</summary>
    public Task<List<Delivery>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int batch, CancellationToken cancellationToken) =>
        Deliveries.FromSql($"""
            UPDATE deliveries SET next_attempt_at = {now + lease}
            WHERE id IN (SELECT id FROM deliveries WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= {now}
                         ORDER BY next_attempt_at LIMIT {batch} FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.Entity<LocalActor>(actor =>
        {
            actor.ToTable("local_actors");
            actor.HasKey(a => a.UserId);
            actor.Property(a => a.Username).HasMaxLength(100);
            actor.Property(a => a.NormalizedUsername).HasMaxLength(100);
            actor.HasIndex(a => a.NormalizedUsername).IsUnique().HasFilter("deleted_at IS NULL");
        });
        modelBuilder.Entity<RemoteActor>(actor =>
        {
            actor.ToTable("remote_actors");
            actor.HasKey(a => a.Id);
            actor.HasIndex(a => a.KeyId);
            actor.HasIndex(a => a.Host);
            actor.Ignore(a => a.Handle);
            actor.Ignore(a => a.DeliveryInbox);
        });
        modelBuilder.Entity<Follower>(follower =>
        {
            follower.ToTable("followers");
            follower.HasKey(f => new { f.LocalUserId, f.ActorId });
            follower.HasOne(f => f.Actor).WithMany().HasForeignKey(f => f.ActorId).OnDelete(DeleteBehavior.Cascade);
            follower.HasIndex(f => f.ActorId);
        });
        modelBuilder.Entity<FederatedPost>(post =>
        {
            post.ToTable("posts");
            post.HasKey(p => p.PostId);
            post.HasIndex(p => new { p.AuthorId, p.PublishedAt });
            // A remote `Like` may name the post by its page's address.
            post.HasIndex(p => p.Url);
        });
        modelBuilder.Entity<Delivery>(delivery =>
        {
            delivery.ToTable("deliveries");
            delivery.HasKey(d => d.Id);
            delivery.HasIndex(d => d.NextAttemptAt).HasFilter("delivered_at IS NULL AND abandoned_at IS NULL").HasDatabaseName("ix_deliveries_due");
        });
        modelBuilder.Entity<BlockedDomain>(block =>
        {
            block.ToTable("blocked_domains");
            block.HasKey(b => b.Domain);
        });
        modelBuilder.Entity<RemoteLike>(like =>
        {
            like.ToTable("remote_likes");
            like.HasKey(l => l.ActivityId);
            // One like per account and post, whatever activities repeat it.
            like.HasIndex(l => new { l.PostId, l.ActorId }).IsUnique();
        });
        modelBuilder.Entity<RemoteComment>(reply =>
        {
            reply.ToTable("remote_comments");
            reply.HasKey(r => r.NoteId);
            reply.Property(r => r.NoteId).HasMaxLength(RemoteComment.MaxNoteIdLength);
            reply.HasIndex(r => r.CommentId).IsUnique();
            reply.HasIndex(r => r.ActorId);
        });
        modelBuilder.Entity<ReceivedActivity>(received =>
        {
            received.ToTable("received_activities");
            received.HasKey(r => r.Id);
            received.HasIndex(r => r.ReceivedAt);
        });
    }
}
