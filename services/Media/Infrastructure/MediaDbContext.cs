using Blog.Media.Model;
using Blog.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Blog.Media.Infrastructure;

/// <summary>Media's own database: the images, their variants, the register of stored files, the PostgreSQL blob store's contents, the inbox.</summary>
public sealed class MediaDbContext(DbContextOptions<MediaDbContext> options) : DbContext(options)
{
    public DbSet<MediaItem> Items => Set<MediaItem>();
    public DbSet<MediaVariant> Variants => Set<MediaVariant>();
    public DbSet<StoredBlob> Blobs => Set<StoredBlob>();
    public DbSet<BlobContent> BlobContents => Set<BlobContent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.Entity<MediaItem>(item =>
        {
            item.ToTable("media_items");
            item.HasKey(i => i.Id);
            item.Property(i => i.OwnerUsername).HasMaxLength(100);
            item.Property(i => i.Purpose).HasConversion<string>().HasMaxLength(20);
            item.HasIndex(i => new { i.OwnerId, i.CreatedAt });
            item.HasIndex(i => i.ArticleId).HasFilter("article_id IS NOT NULL");
            item.HasMany(i => i.Variants).WithOne().HasForeignKey(v => v.MediaId).OnDelete(DeleteBehavior.Cascade);
            item.Ignore(i => i.Main);
        });
        modelBuilder.Entity<MediaVariant>(variant =>
        {
            variant.ToTable("media_variants");
            variant.HasKey(v => new { v.MediaId, v.Name });
            variant.Property(v => v.Name).HasMaxLength(20);
            variant.Property(v => v.BlobKey).HasMaxLength(64);
            // A file is removed only once no variant names it (the sweeper's query uses this index).
            variant.HasIndex(v => v.BlobKey);
            variant.HasOne<StoredBlob>().WithMany().HasForeignKey(v => v.BlobKey).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<StoredBlob>(blob =>
        {
            blob.ToTable("blobs");
            blob.HasKey(b => b.Key);
            blob.Property(b => b.Key).HasMaxLength(64);
            blob.HasIndex(b => b.CreatedAt);
        });
        modelBuilder.Entity<BlobContent>(content =>
        {
            content.ToTable("blob_contents");
            content.HasKey(c => c.Key);
            content.Property(c => c.Key).HasMaxLength(64);
        });
    }
}
