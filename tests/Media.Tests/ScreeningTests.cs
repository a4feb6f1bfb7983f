using Blog.TestSupport;
using Blog.Media.Model;

namespace Blog.Media.Tests;

/// The rules on bytes and sizes, without a server.
public sealed class ScreeningTests
{
    [Fact]
    public void Formats_are_known_by_their_signature_not_their_name()
    {
        Assert.Equal(ImageFormat.Jpeg, UploadScreening.FormatOf(TestImages.Jpeg(4, 4)));
        Assert.Equal(ImageFormat.Png, UploadScreening.FormatOf(TestImages.Png(4, 4, transparent: true)));
        Assert.Equal(ImageFormat.Gif, UploadScreening.FormatOf(TestImages.Gif()));
        Assert.Equal(ImageFormat.Webp, UploadScreening.FormatOf(TestImages.Webp(4, 4)));
        Assert.Null(UploadScreening.FormatOf("BM6\0\0\0"u8));
        Assert.Null(UploadScreening.FormatOf([]));
    }

    [Fact]
    public void Real_images_pass_and_appended_bytes_do_not()
    {
        foreach (var image in new[] { TestImages.Jpeg(9, 9), TestImages.Png(9, 9, true), TestImages.Gif(), TestImages.Webp(9, 9) })
        {
            Assert.Null(UploadScreening.Check(image).Refusal);
            Assert.NotNull(UploadScreening.Check([.. image, .. "<?php echo 1; ?>"u8.ToArray()]).Refusal);
        }
    }

    [Theory]
    [InlineData(3000, 2000, 720, 2880, 720, 480)]
    [InlineData(500, 400, 720, 2880, 500, 400)]
    [InlineData(1000, 4000, 320, 320, 80, 320)]
    [InlineData(1, 1, 320, 320, 1, 1)]
    public void Variants_fit_their_box_and_are_never_enlarged(int width, int height, int maxWidth, int maxHeight, int expectedWidth, int expectedHeight) =>
        Assert.Equal((expectedWidth, expectedHeight), VariantSizes.Fit(width, height, new VariantSize("x", maxWidth, maxHeight)));

    [Theory]
    [InlineData("/media/0123456789abcdef0123456789abcdef.jpg", "0123456789abcdef0123456789abcdef.jpg")]
    [InlineData("https://blog.example/media/0123456789abcdef0123456789abcdef.png?v=1", "0123456789abcdef0123456789abcdef.png")]
    [InlineData("https://elsewhere.example/me.png", null)]
    [InlineData("/media/../secrets.jpg", null)]
    [InlineData(null, null)]
    public void An_address_names_one_of_our_files_or_none(string? address, string? key) => Assert.Equal(key, MediaAddresses.KeyIn(address));
}
