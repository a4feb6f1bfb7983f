using Blog.Media.Model;

namespace Blog.Media.Apis;

/// <summary>One size of an image: its name (`full`, `thumb`, `column`, `column-2x`), address and dimensions.</summary>
public sealed record VariantResponse(string Name, string Url, int Width, int Height);

/// <summary>An uploaded image. `url` is the full-size variant; every address is on the site (relative) and never changes.</summary>
public sealed record MediaResponse(
    Guid Id, string Url, int Width, int Height, string ContentType, string Purpose, Guid? ArticleId, string Owner,
    DateTimeOffset CreatedAt, IReadOnlyList<VariantResponse> Variants)
{
    public static MediaResponse Of(MediaItem item) => new(
        item.Id, MediaAddresses.Of(item.Main.BlobKey), item.Width, item.Height, MediaAddresses.ContentTypeOf(item.Main.BlobKey),
        item.Purpose.ToString().ToLowerInvariant(), item.ArticleId, item.OwnerUsername, item.CreatedAt,
        [.. item.Variants.OrderBy(v => v.Width * v.Height).Select(v => new VariantResponse(v.Name, MediaAddresses.Of(v.BlobKey), v.Width, v.Height))]);
}

public sealed record MediaEnvelope(MediaResponse Media);

/// <summary>A page of one account's images.</summary>
public sealed record MediaList(IReadOnlyList<MediaResponse> Media, int MediaCount);

/// <summary>The upload's multipart fields, as the API reference shows them (the handler reads the form itself, to answer each mistake).</summary>
/// <param name="File">The image.</param>
/// <param name="Purpose">`post` (the default) or `avatar` (cropped square).</param>
/// <param name="ArticleId">The post the image is for: deleting the post deletes it.</param>
public sealed record UploadForm(IFormFile File, string? Purpose, Guid? ArticleId);
