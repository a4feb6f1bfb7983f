using System.Net;
using Blog.Contracts;
using Blog.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Comments.Tests;

/// Identity's `UserDeleted`: the account's comments go as if it had deleted each one (a placeholder
/// where someone else replied, a `CommentDeleted` each with the post's new count), and so does
/// Comments' copy of the account. Other readers' comments stay.
public sealed class AccountDeletionTests(CommentsFixture fixture) : IClassFixture<CommentsFixture>
{
    [Fact]
    public async Task A_deleted_account_takes_its_comments_along_and_answered_ones_leave_placeholders()
    {
        await using var deletions = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(CommentDeleted));
        var leaving = await fixture.RegisterAsync();
        var staying = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(staying);
        var otherSlug = await fixture.PublishedPostAsync(staying);
        var answered = await fixture.CommentAsync(slug, leaving, "Answered by someone else");
        var answer = await fixture.CommentAsync(slug, staying, "An answer", answered.GetProperty("id").GetInt64());
        var ownThread = await fixture.CommentAsync(slug, leaving, "A thread of my own");
        var selfReply = await fixture.CommentAsync(slug, leaving, "And my own reply to it", ownThread.GetProperty("id").GetInt64());
        var elsewhere = await fixture.CommentAsync(otherSlug, leaving, "On another post");
        var theirs = await fixture.CommentAsync(otherSlug, staying, "Staying's own");
        await fixture.Services.GetRequiredService<IBus>().Publish(new UserProfileUpdated(leaving.Id, leaving.Username, leaving.Username,
            "Leaving Soon", "", null, false, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM commenters WHERE user_id = $1 AND display_name = 'Leaving Soon'", leaving.Id) == 1, "the profile to be copied");

        await fixture.Services.GetRequiredService<IBus>().Publish(new UserDeleted(leaving.Id, leaving.Username, DateTimeOffset.UtcNow));

        foreach (var comment in new[] { answered, ownThread, selfReply, elsewhere })
        {
            var id = comment.GetProperty("uuid").GetGuid();
            await deletions.WaitForAsync(m => m.GetProperty("commentId").GetGuid() == id, $"CommentDeleted for \"{comment.GetProperty("body")}\"");
        }
        var thread = await fixture.ThreadAsync(slug);
        var comments = thread.GetProperty("comments").EnumerateArray().ToList();
        Assert.Equal([answered.GetProperty("id").GetInt64(), answer.GetProperty("id").GetInt64()], comments.Select(c => c.GetProperty("id").GetInt64()));
        Assert.Equal("deleted", comments[0].GetProperty("status").GetString());
        Assert.Equal("", comments[0].GetProperty("body").GetString());
        Assert.Equal("", comments[0].GetProperty("author").GetProperty("username").GetString());
        Assert.Equal(1, thread.GetProperty("commentsCount").GetInt32());
        var other = await fixture.ThreadAsync(otherSlug);
        Assert.Equal([theirs.GetProperty("id").GetInt64()], other.GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
        Assert.Equal(0L, await fixture.Database!.ScalarAsync<long>("SELECT count(*) FROM commenters WHERE user_id = $1", leaving.Id));
        Assert.Equal(0L, await fixture.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM comments WHERE author_id = $1 AND status <> 'Deleted'", leaving.Id));
        // The post's last count is of what its thread now shows.
        var onFirstPost = new[] { answered, ownThread, selfReply }.Select(c => c.GetProperty("uuid").GetGuid()).ToHashSet();
        var last = deletions.Deliveries.Select(d => d.Envelope.GetProperty("message"))
            .Where(m => onFirstPost.Contains(m.GetProperty("commentId").GetGuid()))
            .MaxBy(m => m.GetProperty("countRevision").GetInt64());
        Assert.Equal(1, last.GetProperty("postVisibleComments").GetInt32());
    }
}
