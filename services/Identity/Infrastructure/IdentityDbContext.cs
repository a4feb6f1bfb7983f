using Blog.Identity.Model;
using Blog.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Blog.Identity.Infrastructure;

/// <summary>Identity's own database: accounts, follows and signing keys, plus the outbox and inbox.</summary>
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<Follow> Follows => Set<Follow>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("users");
            user.HasKey(u => u.Id);
            user.Property(u => u.Username).HasMaxLength(AccountRules.UsernameMax);
            user.Property(u => u.NormalizedUsername).HasMaxLength(AccountRules.UsernameMax);
            user.HasIndex(u => u.NormalizedUsername).IsUnique();
            user.Property(u => u.Email).HasMaxLength(AccountRules.EmailMax);
            user.Property(u => u.NormalizedEmail).HasMaxLength(AccountRules.EmailMax);
            user.HasIndex(u => u.NormalizedEmail).IsUnique();
            user.Property(u => u.DisplayName).HasMaxLength(AccountRules.DisplayNameMax);
            user.Property(u => u.Bio).HasMaxLength(AccountRules.BioMax);
            user.Property(u => u.Image).HasMaxLength(AccountRules.ImageMax);
            user.Property(u => u.SuspensionReason).HasMaxLength(1000);
            user.HasIndex(u => u.Featured).HasFilter("featured");
        });
        modelBuilder.Entity<Follow>(follow =>
        {
            follow.ToTable("follows");
            follow.HasKey(f => new { f.FollowerId, f.FolloweeId });
            follow.HasIndex(f => f.FolloweeId);
            follow.HasOne<User>().WithMany().HasForeignKey(f => f.FollowerId).OnDelete(DeleteBehavior.Cascade);
            follow.HasOne<User>().WithMany().HasForeignKey(f => f.FolloweeId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<SigningKey>(key =>
        {
            key.ToTable("signing_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasMaxLength(64);
        });
    }
}
