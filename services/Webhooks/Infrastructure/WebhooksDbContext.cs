using Blog.Messaging;
using Blog.Webhooks.Model;
using Microsoft.EntityFrameworkCore;

namespace Blog.Webhooks.Infrastructure;

/// <summary>Webhooks' own database: endpoints, deliveries and their attempts, plus the inbox.</summary>
public sealed class WebhooksDbContext(DbContextOptions<WebhooksDbContext> options) : DbContext(options)
{
    public DbSet<WebhookEndpoint> Endpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookDelivery> Deliveries => Set<WebhookDelivery>();
    public DbSet<DeliveryAttempt> Attempts => Set<DeliveryAttempt>();

    /// <summary>
    /// Takes up to `batchSize` due deliveries for this replica: their next attempt moves `lease` ahead,
    /// so other replicas skip them, and a replica that dies mid-attempt only delays them by the lease.
    /// </summary>
    public Task<List<WebhookDelivery>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int batchSize, CancellationToken cancellationToken) =>
        Deliveries.FromSql($"""
            UPDATE webhook_deliveries SET next_attempt_at = {now + lease}
            WHERE id IN (SELECT id FROM webhook_deliveries
                         WHERE status = 'Pending' AND next_attempt_at <= {now}
                         ORDER BY next_attempt_at LIMIT {batchSize} FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.Entity<WebhookEndpoint>(endpoint =>
        {
            endpoint.ToTable("webhook_endpoints");
            endpoint.HasKey(e => e.Id);
            endpoint.Property(e => e.Url).HasMaxLength(2000);
            endpoint.Property(e => e.Secret).HasMaxLength(200);
            endpoint.Property(e => e.Description).HasMaxLength(500);
            endpoint.Property(e => e.OwnerUsername).HasMaxLength(100);
            endpoint.Property(e => e.DisabledReason).HasMaxLength(2000);
            endpoint.Property(e => e.LastError).HasMaxLength(2000);
        });
        modelBuilder.Entity<WebhookDelivery>(delivery =>
        {
            delivery.ToTable("webhook_deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.EventType).HasMaxLength(50);
            delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
            // One delivery per event and endpoint, whatever the redeliveries.
            delivery.HasIndex(d => new { d.EndpointId, d.EventId }).IsUnique();
            delivery.HasIndex(d => d.NextAttemptAt).HasDatabaseName("ix_webhook_deliveries_due").HasFilter("status = 'Pending'");
            delivery.HasIndex(d => new { d.EndpointId, d.CreatedAt });
            delivery.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
            delivery.HasMany(d => d.AttemptLog).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<DeliveryAttempt>(attempt =>
        {
            attempt.ToTable("delivery_attempts");
            attempt.HasKey(a => a.Id);
            attempt.Property(a => a.Id).UseIdentityAlwaysColumn();
            attempt.Property(a => a.Error).HasMaxLength(2000);
        });
    }
}
