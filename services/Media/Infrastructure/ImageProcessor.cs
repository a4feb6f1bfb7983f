using System.Security.Cryptography;
using Blog.Media.Model;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Blog.Media.Infrastructure;

/// <summary>One re-encoded size of an upload, named by its content hash (the file's key and address).</summary>
public sealed record EncodedVariant(string Name, string Key, byte[] Content, int Width, int Height)
{
    public string ContentType => MediaAddresses.ContentTypeOf(Key);
}

/// <summary>
/// Turns an upload into the files that are served: decoded with Skia (after <see cref="UploadScreening"/>),
/// turned upright by its EXIF orientation, and encoded afresh in every size of <see cref="VariantSizes"/>:
/// no byte of the upload (its metadata, EXIF, GPS position, anything hidden) reaches a reader.
/// Opaque images become JPEG, those with transparency PNG; an animated GIF keeps its first frame.
/// </summary>
public sealed class ImageProcessor(IOptions<MediaOptions> options) : IDisposable
{
    const int JpegQuality = 85;

    /// <summary>A decoded image takes 4 bytes a pixel: at most one decode per core at a time bounds the memory.</summary>
    readonly SemaphoreSlim decoding = new(Environment.ProcessorCount);

    public async Task<(IReadOnlyList<EncodedVariant> Variants, UploadRefusal? Refusal)> ProcessAsync(
        byte[] upload, MediaPurpose purpose, CancellationToken cancellationToken)
    {
        var (_, refusal) = UploadScreening.Check(upload);
        if (refusal is not null) return ([], refusal);

        await decoding.WaitAsync(cancellationToken);
        try
        {
            return Process(upload, purpose);
        }
        finally
        {
            decoding.Release();
        }
    }

    (IReadOnlyList<EncodedVariant>, UploadRefusal?) Process(byte[] upload, MediaPurpose purpose)
    {
        using var data = SKData.CreateCopy(upload);
        using var codec = SKCodec.Create(data);
        if (codec is null) return ([], Unreadable);

        var declared = codec.Info;
        var limits = options.Value;
        // Refused from the header alone, before a byte of pixels is allocated: a small file may declare a huge picture.
        if ((long)declared.Width * declared.Height > limits.MaxPixels || Math.Max(declared.Width, declared.Height) > limits.MaxSide)
        {
            return ([], new(StatusCodes.Status422UnprocessableEntity, "has too many pixels",
                $"The image declares {declared.Width}×{declared.Height} pixels; at most {limits.MaxPixels:N0} pixels and {limits.MaxSide} on a side are accepted."));
        }

        var info = new SKImageInfo(declared.Width, declared.Height, SKColorType.Rgba8888,
            declared.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul);
        using var decoded = new SKBitmap(info);
        if (codec.GetPixels(info, decoded.GetPixels()) != SKCodecResult.Success) return ([], Unreadable);

        // No copy of the decoded pixels unless turning or cropping needs one: a large picture is 160 MB.
        var upright = Upright(decoded, codec.EncodedOrigin);
        var square = purpose == MediaPurpose.Avatar ? CropSquare(upright) : null;
        try
        {
            var source = square ?? upright;
            var opaque = IsOpaque(upright);
            return ([.. VariantSizes.For(purpose).Select(size => Encode(source, size, opaque))], null);
        }
        finally
        {
            square?.Dispose();
            if (!ReferenceEquals(upright, decoded)) upright.Dispose();
        }
    }

    public void Dispose() => decoding.Dispose();

    static readonly UploadRefusal Unreadable = new(StatusCodes.Status422UnprocessableEntity, "could not be decoded",
        "The file could not be decoded as a whole image (damaged or cut short).");

    static EncodedVariant Encode(SKBitmap source, VariantSize size, bool opaque)
    {
        var (width, height) = VariantSizes.Fit(source.Width, source.Height, size);
        using var scaled = width == source.Width && height == source.Height
            ? null
            : source.Resize(new SKImageInfo(width, height, source.ColorType, source.AlphaType), new SKSamplingOptions(SKCubicResampler.Mitchell));
        var (format, extension) = opaque ? (SKEncodedImageFormat.Jpeg, MediaAddresses.Jpeg) : (SKEncodedImageFormat.Png, MediaAddresses.Png);
        using var encoded = (scaled ?? source).Encode(format, JpegQuality);
        var content = encoded.ToArray();
        var key = $"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}.{extension}";
        return new EncodedVariant(size.Name, key, content, width, height);
    }

    /// <summary>No pixel lets the background through (then JPEG loses nothing a reader sees).</summary>
    static bool IsOpaque(SKBitmap bitmap)
    {
        if (bitmap.AlphaType == SKAlphaType.Opaque) return true;
        var pixels = bitmap.GetPixelSpan();
        for (var alpha = 3; alpha < pixels.Length; alpha += 4)
        {
            if (pixels[alpha] != 0xFF) return false;
        }
        return true;
    }

    static SKBitmap CropSquare(SKBitmap source)
    {
        var side = Math.Min(source.Width, source.Height);
        var square = new SKBitmap(new SKImageInfo(side, side, source.ColorType, source.AlphaType));
        if (!source.ExtractSubset(square, SKRectI.Create((source.Width - side) / 2, (source.Height - side) / 2, side, side)))
            throw new InvalidOperationException("The square could not be taken from the image.");
        return square;
    }

    /// <summary>
    /// The picture as it is meant to be seen: cameras store it sideways and say so in EXIF's orientation.
    /// The source itself when it is upright already.
    /// </summary>
    static SKBitmap Upright(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft) return source;
        var (w, h) = (source.Width, source.Height);
        var turned = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var result = new SKBitmap(new SKImageInfo(turned ? h : w, turned ? w : h, source.ColorType, source.AlphaType));
        // Where each source pixel (x, y) goes: x' = scaleX·x + skewX·y + transX, y' = skewY·x + scaleY·y + transY.
        var matrix = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            _ => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        };
        using var canvas = new SKCanvas(result);
        canvas.SetMatrix(matrix);
        canvas.DrawBitmap(source, 0, 0);
        return result;
    }
}
