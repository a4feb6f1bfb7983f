namespace Blog.Media.Model;

/// <summary>A variant to make: its name, and the box it is scaled down into (never up).</summary>
public sealed record VariantSize(string Name, int MaxWidth, int MaxHeight);

/// <summary>The sizes every image is stored in. A post's keep their proportions; an account picture is cropped square.</summary>
public static class VariantSizes
{
    public const string Full = "full", Thumbnail = "thumb", Column = "column", ColumnDouble = "column-2x";

    /// <summary>A post's image: the full picture (at most 2560 px), a thumbnail, the page column's width and twice it for dense screens.</summary>
    public static IReadOnlyList<VariantSize> Post { get; } =
    [
        new(Full, 2560, 2560), new(Thumbnail, 320, 320), new(Column, 720, 4 * 720), new(ColumnDouble, 1440, 4 * 1440),
    ];

    /// <summary>An account picture: square, as shown beside comments (and twice that) and on the author's page.</summary>
    public static IReadOnlyList<VariantSize> Avatar { get; } =
    [
        new(Full, 512, 512), new(Thumbnail, 96, 96), new(Column, 192, 192),
    ];

    public static IReadOnlyList<VariantSize> For(MediaPurpose purpose) => purpose == MediaPurpose.Avatar ? Avatar : Post;

    /// <summary>The size that fits the box with the same proportions, never larger than the original.</summary>
    public static (int Width, int Height) Fit(int width, int height, VariantSize size)
    {
        var scale = Math.Min(1.0, Math.Min((double)size.MaxWidth / width, (double)size.MaxHeight / height));
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }
}
