using System.Globalization;
using Blog.Contracts;
using Blog.Federation.Infrastructure;
using Blog.Identity.Infrastructure;
using Blog.TestSupport;
using Blog.Topology;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Federation.Tests;

/// Federation listening for real on 127.0.0.1 (remote servers call it: its site address is that port), with
/// the real Identity, PostgreSQL, Redis and RabbitMQ, and a Fedify server beside it as the fediverse. Plain
/// http and loopback addresses are allowed here only; retries wait a second or two, not minutes.
public sealed class FederationFixture() : ServiceWithIdentityFixture<FederationDbContext, IdentityDbContext>(PlatformServices.Federation.Database, new()
{
    ["Site:BaseUrl"] = Site,
    ["Federation:AllowHttp"] = "true",
    ["Federation:AllowedNetworks:0"] = "127.0.0.0/8",
    ["Federation:RetryBaseDelay"] = "00:00:01",
    ["Federation:RetryMaxDelay"] = "00:00:02",
    ["Federation:SendInterval"] = "00:00:00.200",
})
{
    public static readonly string Site = $"http://127.0.0.1:{Ports.TestFederation.ToString(CultureInfo.InvariantCulture)}";
    public static readonly string Host = $"127.0.0.1:{Ports.TestFederation.ToString(CultureInfo.InvariantCulture)}";

    public FediversePeer Peer { get; } = new(Ports.TestFediversePeer);

    protected override int? ListenPort => Ports.TestFederation;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Peer.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await Peer.DisposeAsync();
        await base.DisposeAsync();
    }

    public static string ActorOf(TestAccount account) => $"{Site}/users/{account.Username}";

    /// A new account, once Federation has made it an actor (from Identity's `UserRegistered`).
    public async Task<TestAccount> BloggerAsync()
    {
        var account = await RegisterAsync();
        await Eventually.TrueAsync(async () => await Database!.ScalarAsync<long>("SELECT count(*) FROM local_actors WHERE user_id = $1", account.Id) == 1,
            $"Federation to know {account.Username}");
        return account;
    }

    /// The peer follows the blogger: Federation has the follower and the peer has its `Accept`.
    public async Task FollowedByPeerAsync(TestAccount blogger)
    {
        var follow = (await Peer.FollowAsync(ActorOf(blogger))).GetProperty("followId").GetString()!;
        await Eventually.ReturnsAsync(() => Peer.ReceivedAsync("Accept", follow), accepts => accepts.Count == 1, $"the peer to be accepted by {blogger.Username}");
        Assert.Equal(1, await FollowersAsync(blogger));
    }

    public Task<long> FollowersAsync(TestAccount blogger) =>
        Database!.ScalarAsync<long>("SELECT count(*) FROM followers WHERE local_user_id = $1", blogger.Id);

    /// Publishes an event with a message id of its own, as Posts would.
    public Task PublishAsync<T>(T message) where T : class =>
        Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = NewId.NextGuid());

    /// Publishes the post's event and waits until Federation has taken it.
    public async Task PublishAndAwaitAsync(PostPublished post)
    {
        await PublishAsync(post);
        await Eventually.TrueAsync(async () => await Database!.ScalarAsync<long>("SELECT count(*) FROM posts WHERE post_id = $1", post.PostId) == 1,
            "Federation to take the post");
    }

    public static PostPublished Post(TestAccount author, string title, params string[] tags)
    {
        var id = Guid.NewGuid();
        return new PostPublished(id, $"post-{id:N}", title, author.Username, null, tags, DateTimeOffset.UtcNow,
            $"What {title} is about", $"{Site}/articles/post-{id:N}", author.Id);
    }

    public static string ArticleOf(Guid postId) => $"{Site}/ap/posts/{postId}";
}

[CollectionDefinition(Name)]
public sealed class FederationCollection : ICollectionFixture<FederationFixture>
{
    public const string Name = "fediverse";
}
