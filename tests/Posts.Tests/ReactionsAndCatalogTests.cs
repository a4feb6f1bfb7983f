using MassTransit;
using System.Net;
using System.Xml.Linq;

namespace Blog.Posts.Tests;

public sealed class ReactionsTests(DefaultPostsFixture fixture) : IClassFixture<DefaultPostsFixture>
{
    [Fact]
    public async Task Likes_and_handshakes_are_counted_once_per_reader_and_listed_with_who_reacted()
    {
        var author = await fixture.RegisterAsync();
        var reader = await fixture.RegisterAsync();
        var friend = await fixture.RegisterAsync();
        var slug = (await fixture.WriteAsync(author)).GetProperty("slug").GetString();

        await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}/reactions/like", reader.Token);
        await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}/reactions/like", reader.Token);
        await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}/reactions/handshake", reader.Token);
        var (status, article) = await fixture.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/favorite", friend.Token);
        var (_, reactions) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}/reactions", null);

        Assert.Equal(HttpStatusCode.OK, status);
        var counts = article.GetProperty("article").GetProperty("reactions");
        Assert.Equal(2, counts.GetProperty("like").GetInt32());
        Assert.Equal(1, counts.GetProperty("handshake").GetInt32());
        Assert.Equal(2, article.GetProperty("article").GetProperty("favoritesCount").GetInt32());
        Assert.True(article.GetProperty("article").GetProperty("favorited").GetBoolean());
        Assert.Equal(3, article.GetProperty("article").GetProperty("popularity").GetInt32());
        Assert.Equal(3, reactions.GetProperty("reactors").GetArrayLength());
        Assert.Contains(reactions.GetProperty("reactors").EnumerateArray(), r => r.GetProperty("username").GetString() == reader.Username && r.GetProperty("kind").GetString() == "handshake");
    }

    [Fact]
    public async Task Taking_a_reaction_back_lowers_the_count_and_unfavorite_is_unlike()
    {
        var author = await fixture.RegisterAsync();
        var reader = await fixture.RegisterAsync();
        var slug = (await fixture.WriteAsync(author)).GetProperty("slug").GetString();

        await fixture.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/favorite", reader.Token);
        var (_, article) = await fixture.SendAsync(HttpMethod.Delete, $"/api/articles/{slug}/reactions/like", reader.Token);
        var (_, again) = await fixture.SendAsync(HttpMethod.Delete, $"/api/articles/{slug}/favorite", reader.Token);

        Assert.Equal(0, article.GetProperty("article").GetProperty("favoritesCount").GetInt32());
        Assert.False(article.GetProperty("article").GetProperty("favorited").GetBoolean());
        Assert.Equal(0, again.GetProperty("article").GetProperty("favoritesCount").GetInt32());
    }

    [Fact]
    public async Task Unknown_kinds_and_posts_and_anonymous_readers_are_refused()
    {
        var author = await fixture.RegisterAsync();
        var slug = (await fixture.WriteAsync(author)).GetProperty("slug").GetString();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}/reactions/hug", author.Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Put, "/api/articles/no-such-post/reactions/like", author.Token)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}/reactions/like", null)).Status);
    }

    [Fact]
    public async Task Popular_ranks_a_post_with_reactions_above_an_equally_new_one_without()
    {
        var author = await fixture.RegisterAsync();
        var tag = $"p{Guid.NewGuid():N}"[..12];
        var quiet = (await fixture.WriteAsync(author, "Quiet", tags: [tag])).GetProperty("slug").GetString();
        var loved = (await fixture.WriteAsync(author, "Loved", tags: [tag])).GetProperty("slug").GetString();
        await fixture.WriteAsync(author, "Filler", tags: [tag]);
        foreach (var reader in new[] { await fixture.RegisterAsync(), await fixture.RegisterAsync() })
        {
            await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{loved}/reactions/like", reader.Token);
        }

        var (status, list) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles?tag={tag}&sort=popular", null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(loved, list.GetProperty("articles")[0].GetProperty("slug").GetString());
        Assert.Contains(quiet, list.GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));
    }
}

public sealed class CatalogTests(DefaultPostsFixture fixture) : IClassFixture<DefaultPostsFixture>
{
    [Fact]
    public async Task Admins_manage_categories_and_posts_are_filed_and_found_under_them()
    {
        var admin = await fixture.AdminTokenAsync();
        var author = await fixture.RegisterAsync();
        var name = $"News {Guid.NewGuid():N}"[..13];

        var (created, category) = await fixture.SendAsync(HttpMethod.Post, "/api/categories", admin, new { category = new { name } });
        var slug = category.GetProperty("category").GetProperty("slug").GetString();
        var duplicate = await fixture.SendAsync(HttpMethod.Post, "/api/categories", admin, new { category = new { name } });
        var byAuthor = await fixture.SendAsync(HttpMethod.Post, "/api/categories", author.Token, new { category = new { name = "Mine" } });
        var article = await fixture.WriteAsync(author, category: slug);
        var (_, listed) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles?category={slug}", null);
        var (_, all) = await fixture.SendAsync(HttpMethod.Get, "/api/categories", null);

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        Assert.Equal(HttpStatusCode.Forbidden, byAuthor.Status);
        Assert.Equal(name, article.GetProperty("category").GetProperty("name").GetString());
        Assert.Equal(1, listed.GetProperty("articlesCount").GetInt32());
        Assert.Contains(all.GetProperty("categories").EnumerateArray(), c => c.GetProperty("slug").GetString() == slug);
    }

    [Fact]
    public async Task Tags_of_published_posts_are_listed_most_used_first()
    {
        var author = await fixture.RegisterAsync();
        var common = $"c{Guid.NewGuid():N}"[..12];
        var rare = $"r{Guid.NewGuid():N}"[..12];
        var hidden = $"h{Guid.NewGuid():N}"[..12];
        await fixture.WriteAsync(author, tags: [common, rare]);
        await fixture.WriteAsync(author, tags: [common]);
        await fixture.WriteAsync(author, tags: [hidden], status: "draft");

        var (_, body) = await fixture.SendAsync(HttpMethod.Get, "/api/tags", null);
        var tags = body.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList();

        Assert.True(tags.IndexOf(common) >= 0 && tags.IndexOf(common) < tags.IndexOf(rare));
        Assert.DoesNotContain(hidden, tags);
    }

    [Fact]
    public async Task The_RSS_feed_lists_the_latest_posts_and_filters_by_author()
    {
        var author = await fixture.RegisterAsync();
        await fixture.WriteAsync(author, "Feed me", body: "Hello <b>feed</b>");

        var xml = XDocument.Parse(await fixture.Client.GetStringAsync($"/feed.xml?author={author.Username}"));

        var item = Assert.Single(xml.Descendants("item"));
        Assert.Equal("Feed me", item.Element("title")!.Value);
        Assert.Contains("/articles/feed-me-", item.Element("link")!.Value);
        Assert.Equal("2.0", xml.Root!.Attribute("version")!.Value);
    }
}

/// Likes from the fediverse (Federation's `RemotePostLiked`/`RemotePostUnliked`): counted with the post's likes,
/// once per remote account, listed by handle with a link to their own server, and taken back.
public sealed class RemoteReactionsTests(DefaultPostsFixture fixture) : IClassFixture<DefaultPostsFixture>
{
    static Task PublishAsync<T>(DefaultPostsFixture fixture, T message) where T : class =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IBus>(fixture.Services)
            .Publish(message, context => context.MessageId = NewId.NextGuid());

    [Fact]
    public async Task A_remote_like_counts_once_is_listed_by_handle_and_leaves_with_its_undo()
    {
        var author = await fixture.RegisterAsync();
        var reader = await fixture.RegisterAsync();
        var written = await fixture.WriteAsync(author);
        var slug = written.GetProperty("slug").GetString();
        var (_, read) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", null);
        var postId = Guid.Parse(read.GetProperty("article").GetProperty("id").GetString()!);
        await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}/reactions/like", reader.Token);

        const string actor = "https://mastodon.example/users/ada";
        var liked = new Blog.Contracts.RemotePostLiked(postId, actor, "@ada@mastodon.example", "javascript:alert(1)", DateTimeOffset.UtcNow);
        await PublishAsync(fixture, liked);
        await PublishAsync(fixture, liked with { Handle = "@ada@mastodon.example" });
        var reactions = await Blog.TestSupport.Eventually.ReturnsAsync(async () => (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}/reactions", null)).Body,
            body => body.GetProperty("reactors").GetArrayLength() == 2, "the remote like to be listed");
        Assert.Equal(2, reactions.GetProperty("counts").GetProperty("like").GetInt32());
        var remote = reactions.GetProperty("reactors").EnumerateArray().Single(r => r.GetProperty("username").GetString() == "@ada@mastodon.example");
        // A profile address that is not http(s) is never kept: the link is the account's own address.
        Assert.Equal(actor, remote.GetProperty("url").GetString());
        // A like of a post that does not exist changes nothing.
        await PublishAsync(fixture, liked with { PostId = Guid.NewGuid() });

        await PublishAsync(fixture, new Blog.Contracts.RemotePostUnliked(postId, actor, DateTimeOffset.UtcNow));
        await Blog.TestSupport.Eventually.ReturnsAsync(async () => (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}/reactions", null)).Body,
            body => body.GetProperty("reactors").GetArrayLength() == 1 && body.GetProperty("counts").GetProperty("like").GetInt32() == 1, "the remote like to be gone");
    }
}
