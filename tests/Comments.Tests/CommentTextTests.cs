using Blog.Comments.Model;

namespace Blog.Comments.Tests;

public sealed class CommentTextTests
{
    [Fact]
    public void Markup_is_escaped_never_interpreted() =>
        Assert.Equal("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;",
            CommentText.ToHtml("<script>alert('x')</script> & \"quotes\""));

    [Fact]
    public void Web_addresses_become_links_without_the_sentence_punctuation_after_them() =>
        Assert.Equal(
            "See <a href=\"https://example.com/a?b=1&amp;c=2\" rel=\"nofollow ugc noopener\">https://example.com/a?b=1&amp;c=2</a>. " +
            "Or (<a href=\"https://www.example.org/wiki/Foo_(bar)\" rel=\"nofollow ugc noopener\">www.example.org/wiki/Foo_(bar)</a>)!",
            CommentText.ToHtml("See https://example.com/a?b=1&c=2. Or (www.example.org/wiki/Foo_(bar))!"));

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html;base64,PHNjcmlwdD4=")]
    [InlineData("https://\"onmouseover=alert(1)")]
    public void Nothing_but_http_addresses_becomes_a_link_and_quotes_cannot_leave_the_attribute(string text)
    {
        var html = CommentText.ToHtml(text);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"data", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"onmouseover", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Emoji_stay_and_shortcodes_and_free_standing_smileys_become_emoji() =>
        Assert.Equal("Great post 👍 😄 😃 but not in a:)b or :not-a-code:", CommentText.ToHtml("Great post 👍 :smile: :) but not in a:)b or :not-a-code:"));

    [Fact]
    public void Line_breaks_are_kept() =>
        Assert.Equal("one<br>two<br>three", CommentText.ToHtml("one\ntwo\r\nthree"));

    [Theory]
    [InlineData("nul \0 inside", true)]
    [InlineData("bell \a", true)]
    [InlineData("tabs\tand\nnewlines\r\n", false)]
    [InlineData("emoji 😀 and accents é", false)]
    public void Control_characters_are_refused(string body, bool refused) =>
        Assert.Equal(refused, CommentText.Problem(body) is not null);
}
