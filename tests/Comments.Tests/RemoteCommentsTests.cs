using System.Text.Json;
using Blog.Comments.Model;
using Blog.Contracts;
using Blog.TestSupport;
using MassTransit;

namespace Blog.Comments.Tests;

/// Replies from the fediverse, as Federation announces them, join a post's thread under the remote
/// account's handle, go to Moderation like any comment, and leave when their note is deleted.
public sealed class RemoteCommentsTests(CommentsFixture fixture) : IClassFixture<CommentsFixture>
{
    const string ActorId = "https://remote.example/users/peer";
    static readonly Guid RemoteAuthor = Guid.NewGuid();

    static RemoteCommentReceived Reply(string slug, string body, Guid? parent = null, string? profileUrl = "https://remote.example/@peer") =>
        new(Guid.CreateVersion7(), CommentsFixture.PostIdOf(slug), parent, RemoteAuthor, ActorId, "@peer@remote.example", "A remote peer", profileUrl,
            body, $"https://remote.example/notes/{Guid.NewGuid()}", DateTimeOffset.UtcNow);

    static JsonElement? Find(JsonElement thread, Guid uuid) =>
        thread.GetProperty("comments").EnumerateArray().Where(c => c.GetProperty("uuid").GetGuid() == uuid).Select(c => (JsonElement?)c).FirstOrDefault();

    async Task<JsonElement> ShownAsync(string slug, Guid uuid) =>
        (await Eventually.ReturnsAsync(async () => Find(await fixture.ThreadAsync(slug), uuid), c => c is not null, "the remote reply in the thread"))!.Value;

    [Fact]
    public async Task A_reply_from_the_fediverse_joins_the_thread_as_the_remote_account_and_goes_to_moderation()
    {
        await using var created = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(CommentCreated));
        var author = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);

        var reply = Reply(slug, "Lovely piece https://remote.example/x");
        await fixture.PublishAsync(reply);
        var shown = await ShownAsync(slug, reply.CommentId);
        var by = shown.GetProperty("author");
        Assert.Equal("peer@remote.example", by.GetProperty("username").GetString());
        Assert.Equal("A remote peer", by.GetProperty("displayName").GetString());
        Assert.Equal("https://remote.example/@peer", by.GetProperty("url").GetString());
        Assert.Equal("Lovely piece https://remote.example/x", shown.GetProperty("body").GetString());
        Assert.Equal(0, shown.GetProperty("depth").GetInt32());

        // Moderation hears of it as of any comment, by the remote account's key.
        var announced = await created.WaitForAsync(m => m.GetProperty("commentId").GetGuid() == reply.CommentId, "CommentCreated");
        Assert.Equal(RemoteAuthor, announced.GetProperty("authorId").GetGuid());
        Assert.Equal("peer@remote.example", announced.GetProperty("authorUsername").GetString());
        Assert.Equal(shown.GetProperty("id").GetInt64(), announced.GetProperty("commentNumber").GetInt64());

        // A local reader answers it; a remote reply to it threads under it.
        var reader = await fixture.RegisterAsync();
        var answer = await fixture.CommentAsync(slug, reader, "Thanks for reading", shown.GetProperty("id").GetInt64());
        Assert.Equal(1, answer.GetProperty("depth").GetInt32());
        var nested = Reply(slug, "And another thing", parent: reply.CommentId);
        await fixture.PublishAsync(nested);
        var under = await ShownAsync(slug, nested.CommentId);
        Assert.Equal(shown.GetProperty("id").GetInt64(), under.GetProperty("parentId").GetInt64());
        Assert.Equal(1, under.GetProperty("depth").GetInt32());

        // The same reply announced again (a redelivery under another message id) is not a second comment.
        var again = Guid.NewGuid();
        await fixture.PublishAsync(reply, again);
        await Eventually.TrueAsync(async () => await fixture.HandledAsync(again) == 1, "the repeat to be handled");
        Assert.Equal(3, (await fixture.ThreadAsync(slug)).GetProperty("commentsCount").GetInt32());
    }

    [Fact]
    public async Task What_breaks_the_rules_of_comments_is_dropped_and_a_long_reply_clipped()
    {
        var author = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);

        // Another remote account (a commenter's profile link is its latest one), whose server gave a script as its address.
        var hostileLink = Reply(slug, "Fine words", profileUrl: "javascript:alert(1)") with
        {
            AuthorId = Guid.NewGuid(), ActorId = "https://remote.example/users/other", Handle = "@other@remote.example",
        };
        var control = Reply(slug, "Bell \u0007 ringing");
        var unknownParent = Reply(slug, "To nothing", parent: Guid.NewGuid());
        var unknownPost = Reply(slug, "Elsewhere") with { PostId = Guid.NewGuid() };
        var longOne = Reply(slug, new string('a', CommentText.MaxLength + 50));
        Guid[] messages = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        await fixture.PublishAsync(hostileLink, messages[0]);
        await fixture.PublishAsync(control, messages[1]);
        await fixture.PublishAsync(unknownParent, messages[2]);
        await fixture.PublishAsync(unknownPost, messages[3]);
        await fixture.PublishAsync(longOne, messages[4]);
        await Eventually.TrueAsync(async () => await fixture.HandledAsync(messages) == messages.Length, "the replies to be handled");

        var thread = await fixture.ThreadAsync(slug);
        var linked = Find(thread, hostileLink.CommentId)!.Value;
        Assert.Equal(JsonValueKind.Null, linked.GetProperty("author").GetProperty("url").ValueKind);
        var clipped = Find(thread, longOne.CommentId)!.Value.GetProperty("body").GetString()!;
        Assert.Equal(CommentText.MaxLength, clipped.Length);
        Assert.EndsWith("…", clipped, StringComparison.Ordinal);
        Assert.Null(Find(thread, control.CommentId));
        Assert.Null(Find(thread, unknownParent.CommentId));
        Assert.Equal(2, thread.GetProperty("commentsCount").GetInt32());
    }

    [Fact]
    public async Task An_edited_note_changes_its_comment_and_goes_to_moderation_again()
    {
        await using var edits = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(CommentEdited));
        var author = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);
        var reply = Reply(slug, "Frist");
        await fixture.PublishAsync(reply);
        var before = await ShownAsync(slug, reply.CommentId);
        Assert.False(before.GetProperty("edited").GetBoolean());

        await fixture.PublishAsync(new RemoteCommentEdited(reply.CommentId, reply.PostId, ActorId, "  First, really  ", reply.NoteId, DateTimeOffset.UtcNow));
        var edit = await edits.WaitForAsync(m => m.GetProperty("commentId").GetGuid() == reply.CommentId, "CommentEdited");
        Assert.Equal("First, really", edit.GetProperty("body").GetString());
        Assert.Equal(RemoteAuthor, edit.GetProperty("authorId").GetGuid());
        var after = await Eventually.ReturnsAsync(async () => Find(await fixture.ThreadAsync(slug), reply.CommentId)!.Value,
            c => c.GetProperty("body").GetString() == "First, really", "the new text in the thread");
        Assert.True(after.GetProperty("edited").GetBoolean());

        // An edit whose text breaks the rules changes nothing; nor does one of a comment deleted since.
        var broken = Guid.NewGuid();
        await fixture.PublishAsync(new RemoteCommentEdited(reply.CommentId, reply.PostId, ActorId, "Bell \u0007", reply.NoteId, DateTimeOffset.UtcNow), broken);
        await Eventually.TrueAsync(async () => await fixture.HandledAsync(broken) == 1, "the broken edit to be handled");
        Assert.Equal("First, really", Find(await fixture.ThreadAsync(slug), reply.CommentId)!.Value.GetProperty("body").GetString());
        await fixture.PublishAsync(new RemoteCommentDeleted(reply.CommentId, reply.PostId, ActorId, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => Find(await fixture.ThreadAsync(slug), reply.CommentId) is null, "the comment to leave the thread");
        var late = Guid.NewGuid();
        await fixture.PublishAsync(new RemoteCommentEdited(reply.CommentId, reply.PostId, ActorId, "Back again", reply.NoteId, DateTimeOffset.UtcNow), late);
        await Eventually.TrueAsync(async () => await fixture.HandledAsync(late) == 1, "the late edit to be handled");
        Assert.Null(Find(await fixture.ThreadAsync(slug), reply.CommentId));
        Assert.Single(edits.Deliveries, d => d.Envelope.GetProperty("message").GetProperty("commentId").GetGuid() == reply.CommentId);
    }

    [Fact]
    public async Task A_deleted_note_takes_its_comment_out_of_the_thread()
    {
        await using var deleted = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(CommentDeleted));
        var author = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);
        var reply = Reply(slug, "Said in haste");
        await fixture.PublishAsync(reply);
        await ShownAsync(slug, reply.CommentId);

        await fixture.PublishAsync(new RemoteCommentDeleted(reply.CommentId, reply.PostId, ActorId, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => Find(await fixture.ThreadAsync(slug), reply.CommentId) is null, "the comment to leave the thread");
        var gone = await deleted.WaitForAsync(m => m.GetProperty("commentId").GetGuid() == reply.CommentId, "CommentDeleted");
        Assert.True(gone.GetProperty("wasVisible").GetBoolean());
        Assert.Equal(0, gone.GetProperty("postVisibleComments").GetInt32());
    }
}
