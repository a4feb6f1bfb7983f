using Microsoft.EntityFrameworkCore;

namespace Blog.Media.Infrastructure;

/// <summary>
/// Where the files' bytes live, by key. Writes of the same key are idempotent (a key is its content's hash).
/// Here: PostgreSQL (<see cref="PostgresBlobStore"/>); in production an S3-compatible bucket fits the same
/// three calls (README, "Images").
/// </summary>
public interface IBlobStore
{
    Task PutAsync(string key, byte[] content, string contentType, CancellationToken cancellationToken);
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken);
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

/// <summary>A file's bytes in the PostgreSQL blob store.</summary>
public sealed class BlobContent
{
    public string Key { get; init; } = "";
    public byte[] Content { get; init; } = [];
}

/// <summary>
/// The blob store in Media's own database: its writes join the transaction of the upload or sweep that
/// makes them, so a file and the register's row come and go together.
/// </summary>
public sealed class PostgresBlobStore(MediaDbContext db) : IBlobStore
{
    public Task PutAsync(string key, byte[] content, string contentType, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"INSERT INTO blob_contents (key, content) VALUES ({key}, {content}) ON CONFLICT (key) DO NOTHING", cancellationToken);

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
        db.BlobContents.Where(c => c.Key == key).Select(c => c.Content).FirstOrDefaultAsync(cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        db.BlobContents.Where(c => c.Key == key).ExecuteDeleteAsync(cancellationToken);
}
