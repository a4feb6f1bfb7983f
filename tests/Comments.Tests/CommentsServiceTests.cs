using Blog.Topology;
using System.Net;
using System.Text.Json;
using Blog.Comments.Infrastructure;
using Blog.Contracts;
using Blog.Identity.Infrastructure;
using Blog.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Comments.Tests;

/// Comments with the real Identity. Ten writes a minute per account: room for the deepest thread a test builds.
public sealed class CommentsFixture() : ServiceWithIdentityFixture<CommentsDbContext, IdentityDbContext>(PlatformServices.Comments.Database,
    new() { ["Comments:WritesPerWindow"] = CommentsFixture.WritesPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture) })
{
    public const int WritesPerMinute = 10;

    /// A post published by `author`, known to Comments through its event.
    public async Task<string> PublishedPostAsync(TestAccount author)
    {
        var id = Guid.NewGuid();
        var post = new PostPublished(id, $"post-{id:N}", "A post", author.Username, null, [], DateTimeOffset.UtcNow, AuthorId: author.Id);
        await Services.GetRequiredService<IBus>().Publish(post);
        await Eventually.TrueAsync(async () => (await SendAsync(HttpMethod.Get, $"/api/articles/{post.Slug}/comments", null)).Status == HttpStatusCode.OK,
            "the post to be known");
        return post.Slug;
    }

    public async Task<JsonElement> CommentAsync(string slug, TestAccount who, string body, long? parentId = null)
    {
        var (status, json) = await SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", who.Token, new { comment = new { body, parentId } });
        Assert.Equal(HttpStatusCode.Created, status);
        return json.GetProperty("comment");
    }

    public async Task<JsonElement> ThreadAsync(string slug, TestAccount? viewer = null) =>
        (await SendAsync(HttpMethod.Get, $"/api/articles/{slug}/comments", viewer?.Token)).Body;

    /// The post key behind a slug made by `PublishedPostAsync`.
    public static Guid PostIdOf(string slug) => Guid.ParseExact(slug["post-".Length..], "N");

    public Task PublishAsync<T>(T message, Guid? messageId = null) where T : class =>
        Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId ?? NewId.NextGuid());

    /// How many of these messages Comments has handled (its inbox of handled message ids).
    public async Task<long> HandledAsync(params Guid[] messageIds)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Database!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM inbox_messages WHERE message_id = ANY($1)", connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = messageIds });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

public sealed class CommentsHealthTests(CommentsFixture fixture)
    : ServiceHealthTests<CommentsDbContext>(fixture, PlatformServices.Comments.Database, PlatformResources.Redis, "masstransit-bus"), IClassFixture<CommentsFixture>;

public sealed class PublishedPostsProjectionTests(CommentsFixture fixture) : IClassFixture<CommentsFixture>
{
    static PostPublished NewPost(string title = "A post") =>
        new(Guid.NewGuid(), $"post-{Guid.NewGuid():N}", title, "alice", null, [], DateTimeOffset.UtcNow);

    Task PublishAsync(PostPublished post, Guid? messageId = null) =>
        fixture.Services.GetRequiredService<IBus>().Publish(post, context => context.MessageId = messageId ?? NewId.NextGuid());

    [Fact]
    public async Task Thread_of_an_unknown_post_is_404()
    {
        using var response = await fixture.Client.GetAsync($"/api/articles/no-such-post/comments");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Post_becomes_commentable_once_its_PostPublished_arrives()
    {
        var post = NewPost();

        await PublishAsync(post);

        await Eventually.TrueAsync(async () => (await fixture.Client.GetAsync($"/api/articles/{post.Slug}/comments")).StatusCode == HttpStatusCode.OK,
            "the post to be known to Comments");
    }

    [Fact]
    public async Task Redelivered_PostPublished_changes_nothing()
    {
        var post = NewPost("First title");
        var messageId = NewId.NextGuid();
        await PublishAsync(post, messageId);
        await Eventually.TrueAsync(() => fixture.WithScopeAsync(s => s.GetRequiredService<CommentsDbContext>().PublishedPosts.AnyAsync(p => p.PostId == post.PostId)),
            "the first delivery to be handled");

        await PublishAsync(post with { Title = "Changed by a redelivery" }, messageId);
        var marker = NewPost();
        await PublishAsync(marker);
        await Eventually.TrueAsync(() => fixture.WithScopeAsync(s => s.GetRequiredService<CommentsDbContext>().PublishedPosts.AnyAsync(p => p.PostId == marker.PostId)),
            "a later event to be handled");

        var stored = await fixture.WithScopeAsync(s => s.GetRequiredService<CommentsDbContext>().PublishedPosts.SingleAsync(p => p.PostId == post.PostId));
        Assert.Equal("First title", stored.Title);
    }
}
