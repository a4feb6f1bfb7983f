using System.Net;
using System.Text.Json;
using Blog.Contracts;
using Blog.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Comments.Tests;

/// Moderation's verdicts, as Moderation publishes them, decide what the public sees.
public sealed class ModerationVerdictTests(CommentsFixture fixture) : IClassFixture<CommentsFixture>
{
    Task PublishAsync<T>(T verdict, Guid? messageId = null) where T : class => fixture.PublishAsync(verdict, messageId);

    static List<long> Ids(JsonElement thread) =>
        thread.GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).ToList();

    [Fact]
    public async Task A_held_comment_leaves_the_public_thread_stays_visible_to_its_author_and_returns_when_approved()
    {
        await using var changes = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(CommentVisibilityChanged));
        var author = await fixture.RegisterAsync();
        var commenter = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);
        var kept = (await fixture.CommentAsync(slug, author, "Welcome")).GetProperty("id").GetInt64();
        var comment = await fixture.CommentAsync(slug, commenter, "Visit http://a.example http://b.example http://c.example");
        var (id, uuid) = (comment.GetProperty("id").GetInt64(), comment.GetProperty("uuid").GetGuid());

        await PublishAsync(new CommentHeld(uuid, Guid.Empty, Guid.NewGuid(), "more than 2 links", 1, DateTimeOffset.UtcNow));
        var forReaders = await Eventually.ReturnsAsync(() => fixture.ThreadAsync(slug), t => !Ids(t).Contains(id), "the held comment to leave the thread");
        Assert.Equal([kept], Ids(forReaders));
        Assert.Equal(1, forReaders.GetProperty("commentsCount").GetInt32());
        var forCommenter = await fixture.ThreadAsync(slug, commenter);
        var own = forCommenter.GetProperty("comments").EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == id);
        Assert.Equal("held", own.GetProperty("status").GetString());
        Assert.Contains("http://a.example", own.GetProperty("body").GetString(), StringComparison.Ordinal);
        // Signed-in readers share the visitors' cached thread, except the held comment's author (read just before).
        Assert.Equal([kept], Ids(await fixture.ThreadAsync(slug, await fixture.RegisterAsync())));
        var hidden = await changes.WaitForAsync(m => m.GetProperty("commentId").GetGuid() == uuid, "CommentVisibilityChanged (hidden)");
        Assert.False(hidden.GetProperty("visible").GetBoolean());
        Assert.Equal(id, hidden.GetProperty("commentNumber").GetInt64());
        Assert.Equal(1, hidden.GetProperty("postVisibleComments").GetInt32());

        await PublishAsync(new CommentApproved(uuid, Guid.Empty, Guid.NewGuid(), "moderator", 2, DateTimeOffset.UtcNow));
        var approved = await Eventually.ReturnsAsync(() => fixture.ThreadAsync(slug), t => Ids(t).Contains(id), "the approved comment to return");
        Assert.Equal(2, approved.GetProperty("commentsCount").GetInt32());
        var shown = await changes.WaitForAsync(m => m.GetProperty("commentId").GetGuid() == uuid && m.GetProperty("visible").GetBoolean(), "CommentVisibilityChanged (shown)");
        Assert.Equal(2, shown.GetProperty("postVisibleComments").GetInt32());
        Assert.True(shown.GetProperty("countRevision").GetInt64() > hidden.GetProperty("countRevision").GetInt64());
    }

    [Fact]
    public async Task A_verdict_older_than_the_last_one_applied_changes_nothing()
    {
        var author = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);
        var comment = await fixture.CommentAsync(slug, author, "Borderline");
        var (id, uuid) = (comment.GetProperty("id").GetInt64(), comment.GetProperty("uuid").GetGuid());

        // Held (1) and approved (2) were published in that order, but the approval arrives first.
        await PublishAsync(new CommentApproved(uuid, Guid.Empty, Guid.NewGuid(), "moderator", 2, DateTimeOffset.UtcNow));
        await PublishAsync(new CommentRejected(uuid, Guid.Empty, null, "blocked word", "rules", 3, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => !Ids(await fixture.ThreadAsync(slug)).Contains(id), "the rejection to apply");
        Guid[] stale = [Guid.NewGuid(), Guid.NewGuid()];
        await PublishAsync(new CommentHeld(uuid, Guid.Empty, Guid.NewGuid(), "reports", 1, DateTimeOffset.UtcNow), stale[0]);
        await PublishAsync(new CommentApproved(uuid, Guid.Empty, Guid.NewGuid(), "moderator", 2, DateTimeOffset.UtcNow), stale[1]);

        await Eventually.TrueAsync(async () => await fixture.HandledAsync(stale) == stale.Length, "the stale verdicts to be handled");
        var own = (await fixture.ThreadAsync(slug, author)).GetProperty("comments")[0];
        Assert.Equal(id, own.GetProperty("id").GetInt64());
        Assert.Equal("rejected", own.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_rejected_comment_cannot_be_edited_or_replied_to_and_stays_out_of_recent_comments()
    {
        var author = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);
        var comment = await fixture.CommentAsync(slug, author, "Cheap pills");
        var (id, uuid) = (comment.GetProperty("id").GetInt64(), comment.GetProperty("uuid").GetGuid());
        await PublishAsync(new CommentRejected(uuid, Guid.Empty, null, "spam", "rules", 1, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => !Ids(await fixture.ThreadAsync(slug)).Contains(id), "the rejection to apply");

        var edit = await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}/comments/{id}", author.Token, new { comment = new { body = "Fine pills" } });
        var reply = await fixture.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", author.Token, new { comment = new { body = "me too", parentId = id } });
        var (_, recent) = await fixture.SendAsync(HttpMethod.Get, $"/api/comments/recent?author={author.Username}", null);

        Assert.Equal(HttpStatusCode.Forbidden, edit.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.StartsWith("is a comment that is not shown", reply.Body.GetProperty("errors").GetProperty("parentId")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, recent.GetProperty("comments").GetArrayLength());
        Assert.Equal("rejected", (await fixture.ThreadAsync(slug, author)).GetProperty("comments")[0].GetProperty("status").GetString());
    }
}
