using Blog.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Blog.Identity.Infrastructure;

/// Identity's own database: accounts, roles, follows and signing keys (issue 3), plus the outbox and inbox.
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddOutboxAndInbox();
}
