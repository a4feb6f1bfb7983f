namespace Blog.Federation.Infrastructure;

public static class BoundedReads
{
    /// <summary>The whole stream, or null as soon as it holds more than `maxBytes` (what a remote server sends is not trusted to be small).</summary>
    public static async Task<byte[]?> ReadAtMostAsync(this Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
