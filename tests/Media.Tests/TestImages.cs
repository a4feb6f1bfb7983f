using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace Blog.TestSupport;

/// Images made for the tests: real encodings from Skia, and hand-built files a camera or an attacker would send.
public static class TestImages
{
    public static byte[] Jpeg(int width, int height, byte seed = 0) => Encode(Picture(width, height, seed, opaque: true), SKEncodedImageFormat.Jpeg);

    public static byte[] Png(int width, int height, bool transparent, byte seed = 0) =>
        Encode(Picture(width, height, seed, opaque: !transparent), SKEncodedImageFormat.Png);

    /// A photo-like JPEG of noise: megabytes even at a modest size (it compresses badly), for uploads above a proxy's default limit.
    public static byte[] Noise(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = new byte[width * height * 4];
        Random.Shared.NextBytes(pixels);
        for (var alpha = 3; alpha < pixels.Length; alpha += 4) pixels[alpha] = 0xFF;
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        return Encode(bitmap, SKEncodedImageFormat.Jpeg);
    }

    public static byte[] Webp(int width, int height) => Encode(Picture(width, height, 0, opaque: true), SKEncodedImageFormat.Webp);

    /// A GIF (Skia encodes none): the classic 1×1 transparent pixel.
    public static byte[] Gif() => Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    /// A JPEG as a phone writes it: an EXIF block saying the picture is turned (orientation 6: rotate 90° clockwise)
    /// and naming the camera "Lk!" (standing in for the GPS position and serial numbers EXIF carries).
    public static byte[] JpegWithExif(int width, int height, ushort orientation = 6)
    {
        var jpeg = Jpeg(width, height);
        var exif = new List<byte>();
        exif.AddRange("Exif\0\0"u8.ToArray());
        exif.AddRange([(byte)'I', (byte)'I', 0x2A, 0, 8, 0, 0, 0]);
        exif.AddRange([2, 0]);
        exif.AddRange([0x0F, 0x01, 2, 0, 4, 0, 0, 0, (byte)'L', (byte)'k', (byte)'!', 0]);
        exif.AddRange([0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte)orientation, 0, 0, 0]);
        exif.AddRange([0, 0, 0, 0]);
        var segment = new List<byte> { 0xFF, 0xE1, (byte)((exif.Count + 2) >> 8), (byte)((exif.Count + 2) & 0xFF) };
        segment.AddRange(exif);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    /// A small PNG whose header declares `width`×`height` pixels of RGBA: a decompression bomb when large.
    public static byte[] PngDeclaring(int width, int height)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 6;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize)) zlib.Write(new byte[64 * 1024]);
        return [.. PngSignature, .. Chunk("IHDR", header), .. Chunk("IDAT", compressed.ToArray()), .. Chunk("IEND", [])];
    }

    /// A real PNG carrying `text` in a tEXt chunk before its end (valid, and decodable).
    public static byte[] PngWithText(string text)
    {
        var png = Png(8, 8, transparent: false);
        var end = png.Length - 12;
        return [.. png[..end], .. Chunk("tEXt", Encoding.Latin1.GetBytes("Comment\0" + text)), .. png[end..]];
    }

    static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    static byte[] Chunk(string type, byte[] data)
    {
        var typeBytes = Encoding.ASCII.GetBytes(type);
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        typeBytes.CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32([.. typeBytes, .. data]));
        return chunk;
    }

    static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    static SKBitmap Picture(int width, int height, byte seed, bool opaque)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, opaque ? SKAlphaType.Opaque : SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(opaque ? new SKColor(30, 60, (byte)(90 + seed)) : SKColors.Transparent);
        using var paint = new SKPaint { Color = new SKColor(200, seed, 40), IsAntialias = true };
        canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 3f, paint);
        return bitmap;
    }

    static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using (bitmap)
        using (var data = bitmap.Encode(format, 90))
        {
            return data.ToArray();
        }
    }

    /// The dimensions of an encoded image, as a browser would decode it.
    public static (int Width, int Height) SizeOf(byte[] image)
    {
        using var decoded = SKBitmap.Decode(image) ?? throw new InvalidDataException("not an image");
        return (decoded.Width, decoded.Height);
    }
}
