namespace Blog.Media.Model;

/// <summary>What an image was uploaded for: a picture in a post, or an account's picture (cropped square).</summary>
public enum MediaPurpose { Post, Avatar }

/// <summary>
/// One uploaded image: who uploaded it, for what, and its re-encoded variants. The files are in the blob
/// store under content-hashed keys, shared by every image with the same bytes.
/// </summary>
public sealed class MediaItem
{
    public Guid Id { get; init; }
    public Guid OwnerId { get; init; }
    public string OwnerUsername { get; init; } = "";
    public MediaPurpose Purpose { get; init; }
    /// <summary>The post it was uploaded for: deleting that post deletes the image.</summary>
    public Guid? ArticleId { get; init; }
    /// <summary>The full-size variant's dimensions.</summary>
    public int Width { get; init; }
    public int Height { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public List<MediaVariant> Variants { get; init; } = [];

    /// <summary>The variant a page shows by default (the full-size one).</summary>
    public MediaVariant Main => Variants.Single(v => v.Name == VariantSizes.Full);
}

/// <summary>One size of an image, stored as the file named <see cref="BlobKey"/>.</summary>
public sealed class MediaVariant
{
    public Guid MediaId { get; init; }
    public string Name { get; init; } = "";
    public string BlobKey { get; init; } = "";
    public int Width { get; init; }
    public int Height { get; init; }
}

/// <summary>
/// A file in the blob store, recorded in the database whatever the store: the sweeper finds the files
/// no variant refers to here, so a store need not be listable. (Its type is its key's extension.)
/// </summary>
public sealed class StoredBlob
{
    public string Key { get; init; } = "";
    public int Length { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
