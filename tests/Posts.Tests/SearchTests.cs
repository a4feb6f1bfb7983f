using System.Text.Json;
using Blog.Posts.Infrastructure;
using Blog.TestSupport;

namespace Blog.Posts.Tests;

/// Search that reads Chinese (and Japanese, Korean) beside English, ranked, with marked snippets.
public sealed class SearchTests(DefaultPostsFixture fixture) : IClassFixture<DefaultPostsFixture>
{
    async Task<List<JsonElement>> SearchAsync(TestAccount author, string query)
    {
        var (_, found) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles?author={author.Username}&q={Uri.EscapeDataString(query)}", null);
        return [.. found.GetProperty("articles").EnumerateArray()];
    }

    static IEnumerable<string?> Titles(IEnumerable<JsonElement> articles) => articles.Select(a => a.GetProperty("title").GetString());

    [Fact]
    public async Task A_two_character_word_a_four_character_idiom_and_a_mixed_query_find_Chinese_posts()
    {
        var author = await fixture.RegisterAsync();
        await fixture.WriteAsync(author, "经济发展的新阶段", body: "今年中国经济稳步增长，出口和消费都有改善。", description: "经济观察");
        await fixture.WriteAsync(author, "春节回家", body: "祝大家新年快乐，一帆风顺，万事如意。", description: "随笔");
        await fixture.WriteAsync(author, "帆船比赛", body: "一帆一帆地驶过，风顺的时候最快。", description: "体育");
        await fixture.WriteAsync(author, "Trade notes", body: "Exports are growing; 经济 data for the quarter looks good.", description: "Mixed");
        await fixture.WriteAsync(author, "日本の旅", body: "東京で美味しいラーメンを食べました。", description: "旅行");

        Assert.Equal(["经济发展的新阶段", "Trade notes"], Titles(await SearchAsync(author, "经济")));
        Assert.Equal(["春节回家"], Titles(await SearchAsync(author, "一帆风顺")));
        Assert.Equal(["Trade notes"], Titles(await SearchAsync(author, "经济 exports")));
        Assert.Equal(["Trade notes"], Titles(await SearchAsync(author, "grow 经济")));
        Assert.Equal(["日本の旅"], Titles(await SearchAsync(author, "ラーメン")));
        Assert.Equal(["帆船比赛"], Titles(await SearchAsync(author, "帆船")));
        Assert.Empty(await SearchAsync(author, "济增"));
        Assert.Equal(["经济发展的新阶段"], Titles(await SearchAsync(author, "增")));
    }

    [Fact]
    public async Task Results_are_ranked_by_relevance_with_the_matches_marked_in_a_snippet()
    {
        var author = await fixture.RegisterAsync();
        await fixture.WriteAsync(author, "A body mention", body: "Long ago. Somewhere deep in this text the word 熊猫 appears, <b>bold</b> & more.");
        await fixture.WriteAsync(author, "熊猫 in the title", body: "Nothing else here.");

        var found = await SearchAsync(author, "熊猫");

        Assert.Equal(["熊猫 in the title", "A body mention"], Titles(found));
        Assert.Equal("Long ago. Somewhere deep in this text the word <mark>熊猫</mark> appears, bold &amp; more.", found[1].GetProperty("snippetHtml").GetString());
        var (_, unsearched) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles?author={author.Username}", null);
        Assert.All(unsearched.GetProperty("articles").EnumerateArray(), a => Assert.False(a.TryGetProperty("snippetHtml", out _)));
    }

    [Theory]
    [InlineData("经济", " \"经济\" ")]
    [InlineData("一帆风顺 growth", " \"一帆 帆风 风顺\"  growth")]
    [InlineData("增", " 增 ")]
    [InlineData("-中国 or 日本", "- \"中国\"  or  \"日本\" ")]
    [InlineData("plain words", "plain words")]
    [InlineData("𠀀𠀁", " \"𠀀𠀁\" ")]
    public void A_query_reads_CJK_runs_as_phrases_of_bigrams(string query, string expected) =>
        Assert.Equal(expected, ArticleSearch.Query(query));

    [Fact]
    public void A_snippet_is_encoded_cut_around_the_first_match_and_marks_English_words_by_their_stem()
    {
        var body = $"<p>{new string('x', 300)} The economy is growing &lt;fast&gt; {new string('y', 300)}</p>";

        var snippet = ArticleSearch.Snippet(body, "growth -economy");

        Assert.StartsWith("…", snippet);
        Assert.EndsWith("…", snippet);
        Assert.Contains("The economy is <mark>growing</mark> &lt;fast&gt;", snippet);
        Assert.DoesNotContain("<mark>economy", snippet);
        Assert.Equal("<mark>Hello</mark> &lt;script&gt;", ArticleSearch.Snippet("<p>Hello <em>&lt;script&gt;</em></p>", "hello"));
    }
}
