using Blog.Topology;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Blog.Contracts;
using Blog.Messaging;
using Blog.Posts.Infrastructure;
using Blog.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Blog.EndToEnd;

[Collection(PlatformCollection.Name)]
public sealed class EventFlowEndToEndTests(PlatformFixture platform)
{
    /// Writes an event into Posts' outbox exactly as Posts does when a post is published; the
    /// running Posts replicas relay it.
    async Task<PostPublished> PublishThroughPostsOutboxAsync()
    {
        var connectionString = await platform.App.GetConnectionStringAsync(PlatformServices.Posts.Database);
        await using var db = new PostsDbContext(new DbContextOptionsBuilder<PostsDbContext>()
            .UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);
        var published = new PostPublished(Guid.NewGuid(), $"e2e-{Guid.NewGuid():N}", "End to end", "alice", "News", ["e2e"], DateTimeOffset.UtcNow);
        db.AddIntegrationEvent(published.PostId.ToString(), published);
        await db.SaveChangesAsync();
        return published;
    }

    /// Comments learns of a post only from its event; the post's thread answers once it has.
    Task CommentsKnowsAsync(PostPublished post) =>
        Eventually.TrueAsync(async () =>
            (await platform.Gateway.GetAsync($"/api/articles/{post.Slug}/comments")).StatusCode == HttpStatusCode.OK,
            "Comments to know the post");

    [Fact]
    public async Task An_event_written_through_the_Posts_outbox_reaches_Comments_over_RabbitMQ()
    {
        var post = await PublishThroughPostsOutboxAsync();

        await CommentsKnowsAsync(post);
    }

    [Fact]
    public async Task Two_replicas_of_Comments_compete_on_one_queue_so_each_event_is_handled_once()
    {
        var post = await PublishThroughPostsOutboxAsync();
        await CommentsKnowsAsync(post);

        // One queue for Comments, consumed by both replicas: RabbitMQ hands each message to one of them.
        // A replica attaches its consumer a moment after it reports healthy, and on this busy 2-core machine
        // (the whole platform plus a browser) a replica's connection is sometimes being re-established;
        // MassTransit reconnects, and the endpoint watchdog restarts an endpoint it left stopped (after 60 s).
        try
        {
            await Eventually.ReturnsAsync(CommentsPostPublishedConsumersAsync, count => count == "2",
                "both Comments replicas to consume comments-post-published", TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException timeout)
        {
            var consumers = await platform.Broker.CtlAsync("list_consumers", "queue_name", "channel_pid", "consumer_tag", "--no-table-headers", "--quiet");
            var channels = await platform.Broker.CtlAsync("list_channels", "pid", "connection", "number", "consumer_count", "messages_unacknowledged", "--no-table-headers", "--quiet");
            var endpointLog = platform.Logs.Grep(PlatformServices.Comments.Name, 60, "Connect", "Fault", "Endpoint", "Stopp", "Cancel", "Retry", "warn:", "fail:", "crit:");
            throw new TimeoutException($"{timeout.Message}\nconsumers:\n{consumers}\nchannels:\n{channels}\nComments replicas' MassTransit log:\n{endpointLog}", timeout);
        }

        var commentsDb = await platform.App.GetConnectionStringAsync(PlatformServices.Comments.Database);
        await using var connection = new Npgsql.NpgsqlConnection(commentsDb);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM published_posts WHERE post_id = $1", connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = post.PostId });
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    async Task<string> CommentsPostPublishedConsumersAsync()
    {
        var queues = await platform.Broker.CtlAsync("list_queues", "name", "consumers", "--no-table-headers", "--quiet");
        var postPublishedQueues = queues.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(columns => columns[0].EndsWith("post-published", StringComparison.Ordinal))
            .ToList();
        var comments = Assert.Single(postPublishedQueues, columns => columns[0] == "comments-post-published");
        return comments[1];
    }
}
