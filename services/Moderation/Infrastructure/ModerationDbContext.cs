using Blog.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Blog.Moderation.Infrastructure;

/// Moderation's own database: cases, decisions, the audit log and rules (issue 6), plus the outbox and inbox.
public sealed class ModerationDbContext(DbContextOptions<ModerationDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddOutboxAndInbox();
}
