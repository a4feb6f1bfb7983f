using System.Net;
using System.Text.Json;
using Blog.Contracts;
using Blog.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Comments.Tests;

public sealed class ThreadTests(CommentsFixture fixture) : IClassFixture<CommentsFixture>
{
    [Fact]
    public async Task Replies_sit_under_their_parent_oldest_first_with_depth_and_reply_counts()
    {
        var author = await fixture.RegisterAsync();
        var reader = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);

        var first = await fixture.CommentAsync(slug, reader, "First!");
        var second = await fixture.CommentAsync(slug, author, "Second, on its own");
        var reply = await fixture.CommentAsync(slug, author, "A reply to the first", first.GetProperty("id").GetInt64());
        var nested = await fixture.CommentAsync(slug, reader, "A reply to the reply", reply.GetProperty("id").GetInt64());

        var (_, thread) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}/comments", null);
        var comments = thread.GetProperty("comments").EnumerateArray().ToList();

        Assert.Equal(new[] { first, reply, nested, second }.Select(c => c.GetProperty("id").GetInt64()), comments.Select(c => c.GetProperty("id").GetInt64()));
        Assert.Equal([0, 1, 2, 0], comments.Select(c => c.GetProperty("depth").GetInt32()));
        Assert.Equal(1, comments[0].GetProperty("repliesCount").GetInt32());
        Assert.Equal(reader.Username, comments[0].GetProperty("author").GetProperty("username").GetString());
        Assert.Equal(4, thread.GetProperty("commentsCount").GetInt32());
    }

    [Fact]
    public async Task Bad_comments_are_refused_and_nothing_is_stored()
    {
        var author = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);
        var otherSlug = await fixture.PublishedPostAsync(author);
        var elsewhere = await fixture.CommentAsync(otherSlug, author, "On another post");

        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", null, new { comment = new { body = "hi" } })).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await fixture.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", author.Token, new { comment = new { body = "  " } })).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await fixture.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", author.Token, new { comment = new { body = new string('x', 5001) } })).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await fixture.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", author.Token,
            new { comment = new { body = "reply", parentId = elsewhere.GetProperty("id").GetInt64() } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Post, "/api/articles/no-such-post/comments", author.Token, new { comment = new { body = "hi" } })).Status);
        Assert.Equal(0, (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}/comments", null)).Body.GetProperty("commentsCount").GetInt32());
    }

    [Fact]
    public async Task The_commenter_or_the_posts_author_may_delete_and_a_comment_with_replies_leaves_a_placeholder()
    {
        var author = await fixture.RegisterAsync();
        var reader = await fixture.RegisterAsync();
        var stranger = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);
        var parent = await fixture.CommentAsync(slug, reader, "Parent");
        await fixture.CommentAsync(slug, author, "Reply", parent.GetProperty("id").GetInt64());
        var lonely = await fixture.CommentAsync(slug, reader, "Lonely");

        var byStranger = await fixture.SendAsync(HttpMethod.Delete, $"/api/articles/{slug}/comments/{parent.GetProperty("id")}", stranger.Token);
        var byCommenter = await fixture.SendAsync(HttpMethod.Delete, $"/api/articles/{slug}/comments/{parent.GetProperty("id")}", reader.Token);
        var byPostAuthor = await fixture.SendAsync(HttpMethod.Delete, $"/api/articles/{slug}/comments/{lonely.GetProperty("id")}", author.Token);
        var (_, thread) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}/comments", null);

        Assert.Equal(HttpStatusCode.Forbidden, byStranger.Status);
        Assert.Equal(HttpStatusCode.NoContent, byCommenter.Status);
        Assert.Equal(HttpStatusCode.NoContent, byPostAuthor.Status);
        var comments = thread.GetProperty("comments").EnumerateArray().ToList();
        Assert.Equal(2, comments.Count);
        Assert.Equal("deleted", comments[0].GetProperty("status").GetString());
        Assert.Equal("", comments[0].GetProperty("body").GetString());
        Assert.Equal(1, thread.GetProperty("commentsCount").GetInt32());
    }

    [Fact]
    public async Task A_new_comment_raises_CommentCreated_and_an_unpublished_post_hides_its_thread()
    {
        await using var subscriber = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(CommentCreated));
        var author = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);
        var comment = await fixture.CommentAsync(slug, author, "Watch this");

        var created = await subscriber.WaitForAsync(m => m.GetProperty("commentNumber").GetInt64() == comment.GetProperty("id").GetInt64(), "CommentCreated");
        Assert.Equal("Watch this", created.GetProperty("body").GetString());
        Assert.Equal(comment.GetProperty("uuid").GetGuid(), created.GetProperty("commentId").GetGuid());
        Assert.Equal(1, created.GetProperty("postVisibleComments").GetInt32());
        Assert.True(created.GetProperty("countRevision").GetInt64() > 0);

        var postId = Guid.Parse(created.GetProperty("postId").GetString()!);
        await fixture.Services.GetRequiredService<IBus>().Publish(new PostUnpublished(postId, slug, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}/comments", null)).Status == HttpStatusCode.NotFound,
            "the thread to be hidden");
    }

    [Fact]
    public async Task A_reply_deeper_than_the_limit_is_a_422()
    {
        var author = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);
        var parent = await fixture.CommentAsync(slug, author, "level 0");
        for (var depth = 1; depth <= 5; depth++)
        {
            parent = await fixture.CommentAsync(slug, author, $"level {depth}", parent.GetProperty("id").GetInt64());
        }

        var (status, body) = await fixture.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", author.Token,
            new { comment = new { body = "level 6", parentId = parent.GetProperty("id").GetInt64() } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("parentId", out _));
    }

    [Fact]
    public async Task A_reader_reports_a_comment_once_and_Moderation_hears_of_it()
    {
        await using var subscriber = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(CommentReported));
        var author = await fixture.RegisterAsync();
        var reader = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);
        var id = (await fixture.CommentAsync(slug, author, "Buy cheap watches")).GetProperty("id").GetInt64();

        var first = await fixture.SendAsync(HttpMethod.Post, $"/api/comments/{id}/reports", reader.Token, new { report = new { reason = "spam" } });
        var again = await fixture.SendAsync(HttpMethod.Post, $"/api/comments/{id}/reports", reader.Token, new { report = new { reason = "abuse" } });

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        var reported = await subscriber.WaitForAsync(m => m.GetProperty("commentNumber").GetInt64() == id, "CommentReported");
        Assert.Equal("spam", reported.GetProperty("reason").GetString());
        Assert.Equal(reader.Username, reported.GetProperty("reporterUsername").GetString());
    }

    [Fact]
    public async Task Bad_reports_are_refused()
    {
        var author = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);
        var id = (await fixture.CommentAsync(slug, author, "Hello")).GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Post, $"/api/comments/{id}/reports", null, new { report = new { reason = "spam" } })).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await fixture.SendAsync(HttpMethod.Post, $"/api/comments/{id}/reports", author.Token, new { report = new { reason = "boring" } })).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await fixture.SendAsync(HttpMethod.Post, $"/api/comments/{id}/reports", author.Token, new { report = new { reason = "other" } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Post, $"/api/comments/{long.MaxValue}/reports", author.Token, new { report = new { reason = "spam" } })).Status);
        Assert.Equal(HttpStatusCode.Created, (await fixture.SendAsync(HttpMethod.Post, $"/api/comments/{id}/reports", author.Token, new { report = new { reason = "other", text = "It is in the wrong language" } })).Status);
    }

    [Fact]
    public async Task Recent_comments_are_newest_first_site_wide_and_for_one_authors_posts()
    {
        var author = await fixture.RegisterAsync();
        var other = await fixture.RegisterAsync();
        var reader = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);
        var otherSlug = await fixture.PublishedPostAsync(other);
        await fixture.CommentAsync(slug, reader, "Older on author's post");
        await fixture.CommentAsync(otherSlug, reader, "On someone else's post");
        await fixture.CommentAsync(slug, reader, "Newer on author's post");

        var (_, mine) = await fixture.SendAsync(HttpMethod.Get, $"/api/comments/recent?author={author.Username}", null);
        var (_, all) = await fixture.SendAsync(HttpMethod.Get, "/api/comments/recent?limit=3", null);

        Assert.Equal(["Newer on author's post", "Older on author's post"], mine.GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("body").GetString()));
        Assert.Equal(slug, mine.GetProperty("comments")[0].GetProperty("article").GetProperty("slug").GetString());
        Assert.Equal("Newer on author's post", all.GetProperty("comments")[0].GetProperty("body").GetString());
        Assert.Equal(3, all.GetProperty("comments").GetArrayLength());
    }

    [Fact]
    public async Task A_visitors_cached_thread_and_recent_comments_show_a_comment_written_through_another_replica_at_once()
    {
        var author = await fixture.RegisterAsync();
        var reader = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);
        await fixture.CommentAsync(slug, reader, "Before");
        var recent = $"/api/comments/recent?author={author.Username}";
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(1, (await fixture.ThreadAsync(slug)).GetProperty("commentsCount").GetInt32());
            Assert.Equal(1, (await fixture.SendAsync(HttpMethod.Get, recent, null)).Body.GetProperty("comments").GetArrayLength());
        }

        await using var second = fixture.StartAnotherInstance();
        using var other = second.CreateClient();
        using var write = new HttpRequestMessage(HttpMethod.Post, $"/api/articles/{slug}/comments")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { comment = new { body = "After" } }),
        };
        write.Headers.Authorization = new("Token", reader.Token);
        Assert.Equal(HttpStatusCode.Created, (await other.SendAsync(write)).StatusCode);

        var thread = await fixture.ThreadAsync(slug);
        Assert.Equal(2, thread.GetProperty("commentsCount").GetInt32());
        Assert.Equal("After", thread.GetProperty("comments")[1].GetProperty("body").GetString());
        Assert.Equal("After", (await fixture.SendAsync(HttpMethod.Get, recent, null)).Body.GetProperty("comments")[0].GetProperty("body").GetString());
    }
}
