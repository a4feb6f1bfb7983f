using Blog.TestSupport;

namespace Blog.Web.Tests;

public sealed class WebFixture() : ServiceFixture<Program>(databaseConnectionName: null);

public sealed class WebHealthTests(WebFixture fixture)
    : ServiceHealthTests<Program>(fixture, "redis"), IClassFixture<WebFixture>;

public sealed class HomePageTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task Home_page_is_html_that_needs_no_script()
    {
        using var response = await fixture.Client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>Blog</h1>", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }
}
