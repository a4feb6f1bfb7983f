using Blog.Posts.Infrastructure;

namespace Blog.Posts.Tests;

/// Pure logic: no infrastructure needed.
public sealed class BodyRendererTests
{
    readonly BodyRenderer renderer = new();

    [Theory]
    [InlineData("<script>alert(1)</script>Hello")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("<a href=\"javascript:alert(1)\">click</a>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<p onclick=\"steal()\">hi</p>")]
    public void Scripts_event_handlers_and_javascript_urls_never_survive(string markdown)
    {
        var html = renderer.Render(markdown);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Markdown_becomes_html()
    {
        Assert.Equal("<h1>Title</h1>\n<p>Some <em>text</em> and <a href=\"https://example.com\">a link</a>.</p>",
            renderer.Render("# Title\n\nSome *text* and [a link](https://example.com)."));
    }

    [Fact]
    public void An_uploaded_image_links_to_its_full_size_and_loads_lazily() =>
        Assert.Equal("<p><a href=\"/media/full.jpg\"><img src=\"/media/column.jpg\" alt=\"The harbour\" loading=\"lazy\" decoding=\"async\"></a></p>",
            renderer.Render("[![The harbour](/media/column.jpg)](/media/full.jpg)"));

    [Fact]
    public void Pasted_Microsoft_Word_debris_is_removed()
    {
        const string pasted = """
            Normal 0 false false false EN-US ZH-CN X-NONE /* Style Definitions */ table.MsoNormalTable {mso-style-name:"Table Normal"; mso-tstyle-rowband-size:0; mso-padding-alt:0cm 5.4pt 0cm 5.4pt;}

            <p class="MsoNormal" style="mso-bidi-font-weight:normal">The real text.</p>
            """;

        var html = renderer.Render(pasted);

        Assert.Equal("<p>The real text.</p>", html);
    }
}
