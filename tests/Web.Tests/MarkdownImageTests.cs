using Blog.Web.Model;

namespace Blog.Web.Tests;

public sealed class MarkdownImageTests
{
    static readonly UploadedMedia Image = new(Guid.NewGuid(), "/media/full.jpg", 2560, 1707,
        [new("thumb", "/media/thumb.jpg", 320, 213), new("column", "/media/column.jpg", 720, 480), new("full", "/media/full.jpg", 2560, 1707)]);

    [Fact]
    public void An_image_shows_at_column_width_and_links_to_its_full_size() =>
        Assert.Equal("[![The harbour at dawn](/media/column.jpg)](/media/full.jpg)", MarkdownImage.For(Image, "The harbour at dawn"));

    [Theory]
    [InlineData("a [bracketed] name", "a bracketed name")]
    [InlineData("two\r\nlines", "two lines")]
    [InlineData(null, "")]
    public void A_description_cannot_end_the_markdown_early(string? alt, string shown) =>
        Assert.Equal($"[![{shown}](/media/column.jpg)](/media/full.jpg)", MarkdownImage.For(Image, alt));

    [Fact]
    public void It_becomes_a_paragraph_at_the_end_of_the_body()
    {
        Assert.Equal("First paragraph.\n\n[![x](/media/column.jpg)](/media/full.jpg)\n", MarkdownImage.Append("First paragraph.\n\n\n", Image, "x"));
        Assert.Equal("[![x](/media/column.jpg)](/media/full.jpg)\n", MarkdownImage.Append("", Image, "x"));
    }

    [Fact]
    public void A_small_image_without_a_column_size_shows_its_own()
    {
        var small = Image with { Variants = [new("full", "/media/full.jpg", 100, 100)] };
        Assert.Equal("/media/full.jpg", small.ColumnUrl);
    }
}
