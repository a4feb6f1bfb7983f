using System.Net;
using Blog.Contracts;
using Blog.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Posts.Tests;

/// Identity's `UserDeleted`: the account's posts go (drafts too, a `PostDeleted` each), and so do its
/// reactions on other posts (their counts drop), its follows both ways and Posts' copy of it.
public sealed class AccountDeletionTests(DefaultPostsFixture fixture) : IClassFixture<DefaultPostsFixture>
{
    [Fact]
    public async Task A_deleted_account_takes_its_posts_reactions_and_follows_along()
    {
        await using var deletions = await ExchangeSubscriber.StartAsync(fixture.Broker, "PostDeleted");
        var bus = fixture.Services.GetRequiredService<IBus>();
        var leaving = await fixture.RegisterAsync();
        var staying = await fixture.RegisterAsync();
        var published = await fixture.WriteAsync(leaving, "Going away");
        var draft = await fixture.WriteAsync(leaving, "Never out", status: "draft");
        var kept = (await fixture.WriteAsync(staying, "Staying")).GetProperty("slug").GetString();
        await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{kept}/reactions/like", leaving.Token);
        await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{kept}/reactions/handshake", leaving.Token);
        await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{kept}/reactions/like", staying.Token);
        await bus.Publish(new UserFollowed(staying.Id, staying.Username, leaving.Id, leaving.Username, DateTimeOffset.UtcNow));
        await bus.Publish(new UserFollowed(leaving.Id, leaving.Username, staying.Id, staying.Username, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => await FollowsOfAsync(leaving.Id) == 2, "the follows to be recorded");

        await bus.Publish(new UserDeleted(leaving.Id, leaving.Username, DateTimeOffset.UtcNow));

        foreach (var post in new[] { published, draft })
        {
            var id = post.GetProperty("id").GetGuid();
            await deletions.WaitForAsync(m => m.GetProperty("postId").GetGuid() == id, $"PostDeleted for {post.GetProperty("title")}");
            Assert.Equal(HttpStatusCode.NotFound,
                (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{post.GetProperty("slug").GetString()}", leaving.Token)).Status);
        }
        var article = await Eventually.ReturnsAsync(async () => (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{kept}", null)).Body.GetProperty("article"),
            a => a.GetProperty("reactions").GetProperty("like").GetInt32() == 1, "the like to be taken back");
        Assert.Equal(0, article.GetProperty("reactions").GetProperty("handshake").GetInt32());
        var reactors = (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{kept}/reactions", null)).Body.GetProperty("reactors");
        Assert.Equal([staying.Username], reactors.EnumerateArray().Select(r => r.GetProperty("username").GetString()));
        Assert.Equal(0L, await FollowsOfAsync(leaving.Id));
        Assert.Equal(0L, await fixture.Database!.ScalarAsync<long>("SELECT count(*) FROM authors WHERE id = $1", leaving.Id));
    }

    Task<long> FollowsOfAsync(Guid account) =>
        fixture.Database!.ScalarAsync<long>("SELECT count(*) FROM author_follows WHERE follower_id = $1 OR followee_id = $1", account);
}
