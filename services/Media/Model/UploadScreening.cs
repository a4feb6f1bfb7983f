using System.Buffers.Binary;
using System.Text;

namespace Blog.Media.Model;

/// <summary>The image formats accepted, by their first bytes (never by the name or type the client claims).</summary>
public enum ImageFormat { Jpeg, Png, Gif, Webp }

/// <summary>Why an upload is refused: the status, the RealWorld error on the `file` field, and the explanation.</summary>
public sealed record UploadRefusal(int Status, string Message, string Detail);

/// <summary>
/// What is checked on the bytes before any decoder sees them: the format by its signature, and nothing
/// hidden in or after the image. A file that is also a page, a script, an archive or a PDF (a polyglot) is
/// refused even though only re-encoded pixels are ever served.
/// </summary>
public static class UploadScreening
{
    public const string Accepted = "JPEG, PNG, GIF or WebP";

    /// <summary>Markup a browser or an interpreter would act on, in lower case: found anywhere in an image, it is a disguise.</summary>
    static readonly string[] Markup = ["<script", "<html", "<svg", "<?php", "<!doctype", "<iframe", "<body", "<object", "<embed", "javascript:"];

    /// <summary>Containers other programs open from any offset (ZIP's records, PDF's header).</summary>
    static readonly byte[][] Containers = ["PK\u0003\u0004"u8.ToArray(), "PK\u0005\u0006"u8.ToArray(), "%PDF-"u8.ToArray()];

    static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    static readonly byte[] PngEnd = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    public static ImageFormat? FormatOf(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0xFF, 0xD8, 0xFF, ..] => ImageFormat.Jpeg,
        _ when bytes.StartsWith(PngSignature) => ImageFormat.Png,
        _ when bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8) => ImageFormat.Gif,
        _ when bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) => ImageFormat.Webp,
        _ => null,
    };

    /// <summary>The format, or why the bytes are refused.</summary>
    public static (ImageFormat Format, UploadRefusal? Refusal) Check(ReadOnlySpan<byte> bytes)
    {
        if (FormatOf(bytes) is not { } format)
            return (default, new(StatusCodes.Status415UnsupportedMediaType, $"must be a {Accepted} image", $"Upload a {Accepted} image."));
        if (!EndsWhereTheImageEnds(bytes, format))
            return (format, new(StatusCodes.Status422UnprocessableEntity, "carries data after its image", "The file carries data after its image (or is cut short); save or export the image again."));
        if (HidesOtherContent(bytes))
            return (format, new(StatusCodes.Status422UnprocessableEntity, "hides other content", "The file is also a document, an archive or a script; upload a plain image."));
        return (format, null);
    }

    /// <summary>The file ends with its format's end (trailing zero padding allowed): nothing is appended.</summary>
    static bool EndsWhereTheImageEnds(ReadOnlySpan<byte> bytes, ImageFormat format)
    {
        var trimmed = format == ImageFormat.Png ? bytes : bytes.TrimEnd((byte)0);
        return format switch
        {
            ImageFormat.Png => trimmed.EndsWith(PngEnd),
            ImageFormat.Jpeg => trimmed.EndsWith((ReadOnlySpan<byte>)[0xFF, 0xD9]),
            ImageFormat.Gif => trimmed.EndsWith((ReadOnlySpan<byte>)[0x3B]),
            // RIFF: the chunk's size is the file's length less its 8-byte header (odd sizes padded by one byte).
            ImageFormat.Webp => (BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..8]) + 1L) / 2 * 2 + 8 == bytes.Length,
            _ => false,
        };
    }

    static bool HidesOtherContent(ReadOnlySpan<byte> bytes)
    {
        foreach (var container in Containers)
        {
            if (bytes.IndexOf(container) >= 0) return true;
        }
        var lower = new byte[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) lower[i] = bytes[i] is >= (byte)'A' and <= (byte)'Z' ? (byte)(bytes[i] + 32) : bytes[i];
        return Markup.Any(tag => lower.AsSpan().IndexOf(Encoding.ASCII.GetBytes(tag)) >= 0);
    }
}
