using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Blog.ServiceDefaults;
using Blog.Topology;

namespace Blog.Web.Tests;

/// The site in English or Simplified Chinese, chosen by `Accept-Language` or the switcher's cookie.
public sealed partial class LanguageTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    readonly HttpClient client = fixture.Factory.CreateClient(new() { AllowAutoRedirect = false });

    async Task<(HttpResponseMessage Response, string Html)> GetAsync(string path, string? acceptLanguage = null, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptLanguage is not null) request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        if (cookie is not null) request.Headers.TryAddWithoutValidation("Cookie", $"{SiteLanguages.CookieName}={cookie}");
        var response = await client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_reader_whose_browser_asks_for_Chinese_reads_the_site_in_Chinese_with_its_lang_and_Content_Language()
    {
        var (response, html) = await GetAsync("/", "zh-CN,zh;q=0.9,en;q=0.8");

        Assert.Contains("<html lang=\"zh-Hans\">", html, StringComparison.Ordinal);
        Assert.Equal("zh-Hans", response.Content.Headers.ContentLanguage.Single());
        Assert.Contains("<h1>最新文章</h1>", html, StringComparison.Ordinal);
        Assert.Contains("文章暂时无法显示", html, StringComparison.Ordinal);
        Assert.Contains("欢迎来到博客", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Latest posts", html, StringComparison.Ordinal);
        var (_, login) = await GetAsync("/login", "zh-TW");
        Assert.Contains("<label for=\"password\">密码</label>", login, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("en-US,en;q=0.9")]
    [InlineData("fr-FR,de;q=0.8")]
    [InlineData("fr, zh;q=0, en;q=0.1")]
    public async Task Everyone_else_reads_it_in_English(string? acceptLanguage)
    {
        var (response, html) = await GetAsync("/", acceptLanguage);

        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Equal("en", response.Content.Headers.ContentLanguage.Single());
        Assert.Contains("<h1>Latest posts</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_switcher_remembers_the_choice_over_the_browsers_and_goes_back_only_within_the_site()
    {
        var (_, page) = await GetAsync("/search?q=x", "en");
        Assert.Contains("href=\"/language?to=zh-Hans&amp;back=%2Fsearch%3Fq%3Dx\"", page, StringComparison.Ordinal);

        var (switched, _) = await GetAsync("/language?to=zh-Hans&back=%2Fsearch%3Fq%3Dx");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/search?q=x", switched.Headers.Location?.OriginalString);
        Assert.Contains(switched.Headers.GetValues("Set-Cookie"), c => c.StartsWith($"{SiteLanguages.CookieName}=zh-Hans;", StringComparison.Ordinal));
        var (_, chosen) = await GetAsync("/", "en-US", cookie: "zh-Hans");
        Assert.Contains("<html lang=\"zh-Hans\">", chosen, StringComparison.Ordinal);

        foreach (var away in new[] { "//evil.example/", "/\\evil.example", "https://evil.example/" })
        {
            var (refused, _) = await GetAsync($"/language?to=en&back={Uri.EscapeDataString(away)}");
            Assert.Equal("/", refused.Headers.Location?.OriginalString);
        }
        var (unknown, _) = await GetAsync("/language?to=klingon&back=%2F");
        Assert.False(unknown.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("zh-CN", SiteLanguages.Chinese)]
    [InlineData("zh-Hant-TW", SiteLanguages.Chinese)]
    [InlineData("en-GB", SiteLanguages.English)]
    [InlineData("de, zh;q=0.5, en;q=0.4", SiteLanguages.Chinese)]
    [InlineData("de, zh;q=0.3, en;q=0.4", SiteLanguages.English)]
    [InlineData("", SiteLanguages.English)]
    [InlineData("*;q=0.5, garbage;;q=x", SiteLanguages.English)]
    public void A_request_is_read_as_one_of_the_sites_languages(string acceptLanguage, string expected) =>
        Assert.Equal(expected, SiteLanguages.Resolve(null, acceptLanguage));

    [Fact]
    public void The_readers_choice_wins_over_the_browsers_and_a_made_up_one_is_ignored()
    {
        Assert.Equal(SiteLanguages.English, SiteLanguages.Resolve("en", "zh-CN"));
        Assert.Equal(SiteLanguages.Chinese, SiteLanguages.Resolve("klingon", "zh-CN"));
    }

    [GeneratedRegex(@"(?:\bL|\btext)\[""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LocalizedText();

    [GeneratedRegex(@"Format\.Count\([^,]+,\s*""([^""]*)"",\s*""([^""]*)""\)")]
    private static partial Regex CountTexts();

    [Fact]
    public void Every_text_the_site_translates_has_a_Chinese_translation()
    {
        var pages = Path.Combine(Repository.Root, "services", "Web", "Pages");
        var used = Directory.EnumerateFiles(pages, "*.cshtml*", SearchOption.AllDirectories)
            .SelectMany(file =>
            {
                var source = File.ReadAllText(file);
                return LocalizedText().Matches(source).Select(m => m.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal))
                    .Concat(CountTexts().Matches(source).SelectMany(m => new[] { m.Groups[1].Value, m.Groups[2].Value }));
            })
            .ToHashSet(StringComparer.Ordinal);
        var names = XDocument.Load(Path.Combine(Repository.Root, "services", "Web", "Resources", "SharedResource.zh-Hans.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToList();
        var translated = names.ToHashSet(StringComparer.Ordinal);

        // The resource compiler keeps one of two names that differ only in case ("By" and "by"): the other would show in English.
        Assert.Empty(names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.True(used.Count > 150, $"only {used.Count} texts found: the scan is broken");
        Assert.Empty(used.Except(translated).Order());
    }
}
