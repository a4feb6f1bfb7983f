using Blog.Comments.Model;

namespace Blog.Comments.Tests;

public sealed class CommentThreadTests
{
    static readonly Guid Alice = Guid.NewGuid(), Bob = Guid.NewGuid();
    static readonly DateTimeOffset Start = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
    int minutes;

    Comment Add(List<Comment> comments, Guid author, Comment? parent = null, CommentStatus status = CommentStatus.Visible)
    {
        var comment = new Comment
        {
            Id = Guid.NewGuid(), ParentId = parent?.Id, Depth = parent is null ? 0 : parent.Depth + 1, AuthorId = author,
            Body = $"comment {minutes}", Status = status, CreatedAt = Start.AddMinutes(minutes++),
        };
        comments.Add(comment);
        return comment;
    }

    [Fact]
    public void A_held_comment_is_left_out_for_readers_but_shown_to_its_author()
    {
        var comments = new List<Comment>();
        var visible = Add(comments, Bob);
        var held = Add(comments, Alice, status: CommentStatus.Held);

        var forReaders = CommentThread.Page(comments, null, 0, 50);
        var forAlice = CommentThread.Page(comments, Alice, 0, 50);

        Assert.Equal([visible.Id], forReaders.Entries.Select(e => e.Comment.Id));
        Assert.Equal([visible.Id, held.Id], forAlice.Entries.Select(e => e.Comment.Id));
        Assert.All(forAlice.Entries, e => Assert.Equal(ShownAs.Full, e.ShownAs));
        Assert.Equal(1, forReaders.VisibleCount);
        Assert.Equal(1, forAlice.VisibleCount);
    }

    [Fact]
    public void A_hidden_or_deleted_comment_with_visible_replies_stays_as_a_placeholder_and_without_them_disappears()
    {
        var comments = new List<Comment>();
        var rejected = Add(comments, Alice, status: CommentStatus.Rejected);
        var reply = Add(comments, Bob, rejected);
        var deleted = Add(comments, Bob, status: CommentStatus.Deleted);
        Add(comments, Alice, deleted, CommentStatus.Held);

        var page = CommentThread.Page(comments, Bob, 0, 50);

        Assert.Equal([rejected.Id, reply.Id], page.Entries.Select(e => e.Comment.Id));
        Assert.Equal([ShownAs.Placeholder, ShownAs.Full], page.Entries.Select(e => e.ShownAs));
        Assert.Equal(1, page.Entries[0].RepliesCount);
        Assert.Equal(1, page.ThreadsCount);
    }

    [Fact]
    public void Pages_count_top_level_comments_and_carry_their_replies_along()
    {
        var comments = new List<Comment>();
        var first = Add(comments, Alice);
        var second = Add(comments, Bob);
        var replyToFirst = Add(comments, Bob, first);
        var third = Add(comments, Alice);
        var replyToSecond = Add(comments, Alice, second);
        var nested = Add(comments, Bob, replyToSecond);

        var page = CommentThread.Page(comments, null, 1, 1);
        var all = CommentThread.Page(comments, null, 0, 50);

        Assert.Equal([second.Id, replyToSecond.Id, nested.Id], page.Entries.Select(e => e.Comment.Id));
        Assert.Equal([first.Id, replyToFirst.Id, second.Id, replyToSecond.Id, nested.Id, third.Id], all.Entries.Select(e => e.Comment.Id));
        Assert.Equal(3, page.ThreadsCount);
        Assert.Equal(6, page.VisibleCount);
    }
}
