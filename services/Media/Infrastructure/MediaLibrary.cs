using Blog.Media.Model;
using Microsoft.EntityFrameworkCore;

namespace Blog.Media.Infrastructure;

/// <summary>Keeps an image and its files together: both are written in one transaction.</summary>
public sealed class MediaLibrary(MediaDbContext db, IBlobStore store, TimeProvider clock)
{
    /// <summary>
    /// Records the files (a file already stored is only marked as fresh, so the sweeper leaves it alone),
    /// stores their bytes and the image.
    /// </summary>
    public async Task AddAsync(MediaItem item, IReadOnlyList<EncodedVariant> variants, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var file in variants.DistinctBy(v => v.Key))
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO blobs (key, length, created_at) VALUES ({file.Key}, {file.Content.Length}, {now})
                ON CONFLICT (key) DO UPDATE SET created_at = excluded.created_at
                """, cancellationToken);
            await store.PutAsync(file.Key, file.Content, file.ContentType, cancellationToken);
        }
        db.Items.Add(item);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Removes the stored files no variant names any more and older than `grace`, up to `batchSize`:
    /// row and bytes in one transaction; rows an upload is writing are skipped (locked).
    /// </summary>
    public async Task<int> SweepAsync(TimeSpan grace, int batchSize, CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - grace;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var keys = await db.Database.SqlQuery<string>($"""
            DELETE FROM blobs WHERE key IN (
                SELECT b.key FROM blobs b
                WHERE b.created_at < {cutoff} AND NOT EXISTS (SELECT 1 FROM media_variants v WHERE v.blob_key = b.key)
                ORDER BY b.created_at LIMIT {batchSize} FOR UPDATE SKIP LOCKED)
            RETURNING key AS "Value"
            """).ToListAsync(cancellationToken);
        foreach (var key in keys) await store.DeleteAsync(key, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return keys.Count;
    }
}
