using Blog.Messaging.Inbox;
using Blog.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Blog.Messaging;

public static class MessagingModel
{
    /// <summary>Adds the outbox and inbox tables to a service's DbContext model.</summary>
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.Id).UseIdentityAlwaysColumn();
            outbox.HasIndex(m => m.MessageId).IsUnique();
            outbox.Property(m => m.AggregateId).HasMaxLength(200);
            outbox.Property(m => m.MessageType).HasMaxLength(500);
            outbox.Property(m => m.Payload).HasColumnType("jsonb");
            outbox.Property(m => m.LastError).HasMaxLength(2000);
            // The relay's query: unsent rows in order. A partial index keeps it small as sent rows pile up.
            outbox.HasIndex(m => m.Id).HasDatabaseName("ix_outbox_messages_unsent").HasFilter("sent_at IS NULL AND abandoned_at IS NULL");
        });

        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("inbox_messages");
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
            inbox.Property(m => m.Consumer).HasMaxLength(300);
            inbox.HasIndex(m => m.ProcessedAt);
        });
        return modelBuilder;
    }

    /// <summary>Queues an integration event to be published once the surrounding SaveChanges commits.</summary>
    public static OutboxMessage AddIntegrationEvent<TMessage>(this DbContext db, string aggregateId, TMessage message)
        where TMessage : class
    {
        var row = OutboxMessage.Create(aggregateId, message);
        db.Set<OutboxMessage>().Add(row);
        return row;
    }
}
