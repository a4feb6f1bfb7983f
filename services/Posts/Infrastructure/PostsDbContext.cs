using Blog.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Blog.Posts.Infrastructure;

/// Posts' own database: posts, categories, tags, reactions, view totals (issue 4), plus the outbox and inbox.
public sealed class PostsDbContext(DbContextOptions<PostsDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddOutboxAndInbox();
}
