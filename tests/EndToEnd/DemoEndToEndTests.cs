using System.Text.Json;
using Blog.Demo;
using Blog.TestSupport;

namespace Blog.EndToEnd;

/// `./blog demo` (and `./blog up --demo`): a living site, written through the public API, seeded once however often it runs.
[Collection(PlatformCollection.Name)]
public sealed class DemoEndToEndTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_demo_seeds_a_site_worth_looking_at_and_a_second_run_adds_nothing()
    {
        var credentials = new DemoCredentials(PlatformFixture.AdminEmail, PlatformFixture.AdminPassword, "demo password for the test");
        var log = new StringWriter();

        var first = await new DemoSite(platform.Gateway, credentials, log).SeedAsync(CancellationToken.None);
        var second = await new DemoSite(platform.Gateway, credentials, log).SeedAsync(CancellationToken.None);

        Assert.Equal(new DemoReport(DemoContent.Bloggers.Length + 1, DemoContent.Categories.Length, DemoContent.Posts.Length,
            DemoContent.Posts.Sum(p => Count(p.Comments)) + 1), first);
        Assert.Equal(new DemoReport(0, 0, 0, 0), second);

        var opinion = DemoContent.Posts[0];
        var (_, list) = await platform.SendAsync(HttpMethod.Get, $"/api/articles?author={opinion.Author}", null);
        var article = list.GetProperty("articles").EnumerateArray().Single(a => a.GetProperty("title").GetString() == opinion.Title);
        var slug = article.GetProperty("slug").GetString()!;
        Assert.Equal(opinion.Likes.Length, article.GetProperty("favoritesCount").GetInt32());
        Assert.Equal("Opinion", article.GetProperty("category").GetProperty("name").GetString());
        await Eventually.TrueAsync(async () => (await platform.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", null)).Body
            .GetProperty("article").GetProperty("viewsCount").GetInt64() >= DemoContent.Bloggers.Length, "each blogger's view to count");
        var (_, thread) = await platform.SendAsync(HttpMethod.Get, $"/api/articles/{slug}/comments", null);
        Assert.Contains(thread.GetProperty("comments").EnumerateArray(), c => c.GetProperty("depth").GetInt32() == 1);
        var (_, stars) = await platform.SendAsync(HttpMethod.Get, "/api/bloggers?featured=true", null);
        Assert.Contains(stars.GetProperty("bloggers").EnumerateArray(), b => b.GetProperty("username").GetString() == DemoContent.Bloggers.Single(x => x.Featured).Username);

        // The newcomer's comment with links waits in the moderation queue.
        var admin = await Accounts.LoginAsync(platform.Gateway, PlatformFixture.AdminEmail, PlatformFixture.AdminPassword);
        await Eventually.TrueAsync(async () => (await platform.SendAsync(HttpMethod.Get, "/api/moderation/queue?limit=100", admin)).Body
            .GetProperty("cases").EnumerateArray().Any(c => c.GetProperty("comment").GetProperty("body").GetString() == DemoContent.HeldComment.Body),
            "the held comment's case");
    }

    static int Count(IEnumerable<DemoComment> comments) => comments.Sum(c => 1 + Count(c.Replies));
}
