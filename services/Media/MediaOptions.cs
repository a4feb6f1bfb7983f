namespace Blog.Media;

/// <summary>`Media:*`: what an upload may be, and when files no image uses are removed.</summary>
public sealed class MediaOptions
{
    /// <summary>The largest file accepted (the gateway lets a little more through, so this answer is the one seen).</summary>
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The most pixels an image may declare: more is refused before decoding (a decompression bomb).</summary>
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>The longest side an image may declare.</summary>
    public int MaxSide { get; set; } = 12_000;

    /// <summary>How long a stored file nothing refers to is kept before the sweeper removes it (an upload in progress has written it).</summary>
    public TimeSpan OrphanGrace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the sweeper looks for such files.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}
