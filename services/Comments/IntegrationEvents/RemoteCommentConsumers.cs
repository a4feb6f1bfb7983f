using Blog.Comments.Infrastructure;
using Blog.Comments.Model;
using Blog.Contracts;
using Blog.Messaging.Inbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Comments.IntegrationEvents;

/// <summary>
/// A reply from the fediverse (Federation verified its signature) joins the thread like any comment: the
/// post must be published, the comment replied to must be answerable, the text follows the rules of every
/// comment (clipped to the longest one allowed); `CommentCreated` then goes to Moderation. Its author is
/// the remote account, known by its handle and linked to its own server. What does not fit is dropped.
/// </summary>
public sealed class RemoteCommentReceivedConsumer(CommentsDbContext db, ILogger<RemoteCommentReceivedConsumer> logger)
    : InboxConsumer<RemoteCommentReceived, CommentsDbContext>(db)
{
    const int MaxUsernameLength = 100, MaxDisplayNameLength = 100;

    protected override async Task HandleAsync(RemoteCommentReceived message, ConsumeContext<RemoteCommentReceived> context, CancellationToken cancellationToken)
    {
        var post = await Db.LockPostAsync(message.PostId, cancellationToken);
        if (post is null || await Db.Comments.AnyAsync(c => c.Id == message.CommentId, cancellationToken)) return;
        Comment? parent = null;
        if (message.ParentCommentId is { } parentId
            && ((parent = await Db.Comments.AsNoTracking().SingleOrDefaultAsync(c => c.Id == parentId && c.PostId == post.PostId, cancellationToken)) is null
                || parent.WhyNoReply is not null))
        {
            logger.LogInformation("Dropped a reply from {Actor}: the comment it answers cannot be replied to", message.ActorId);
            return;
        }
        var text = CommentText.FromNote(message.Body);
        var username = message.Handle.TrimStart('@');
        if (text is null || username.Length is 0 or > MaxUsernameLength || CommentText.Problem(username) is not null)
        {
            logger.LogInformation("Dropped a reply from {Actor}: its text or handle breaks the rules of comments", message.ActorId);
            return;
        }
        var name = message.Name.Trim() is { Length: > 0 and <= MaxDisplayNameLength } shown && CommentText.Problem(shown) is null ? shown : username;
        var profileUrl = Uri.TryCreate(message.ProfileUrl, UriKind.Absolute, out var page) && (page.Scheme == Uri.UriSchemeHttps || page.Scheme == Uri.UriSchemeHttp)
            && page.AbsoluteUri.Length <= 1000 ? page.AbsoluteUri : null;

        await Db.ApplyProfileAsync(message.AuthorId, username, name, "", null, message.ReceivedAt, cancellationToken, profileUrl);
        await Db.AddCommentAsync(post, parent, message.CommentId, message.AuthorId, username, text, message.ReceivedAt, cancellationToken);
    }
}

/// <summary>
/// A note edited on its server: the comment's new text, by the same rules as when it came (an edit window is
/// the site's rule for its own readers; the note's server decides when its notes may be edited). A rejected or
/// deleted comment stays as it is. `CommentEdited` then goes to Moderation, which checks the new text.
/// </summary>
public sealed class RemoteCommentEditedConsumer(CommentsDbContext db, ILogger<RemoteCommentEditedConsumer> logger)
    : InboxConsumer<RemoteCommentEdited, CommentsDbContext>(db)
{
    protected override async Task HandleAsync(RemoteCommentEdited message, ConsumeContext<RemoteCommentEdited> context, CancellationToken cancellationToken)
    {
        if (await Db.LockCommentAsync(message.CommentId, cancellationToken) is not { Status: not (CommentStatus.Deleted or CommentStatus.Rejected) } comment
            || comment.PostId != message.PostId) return;
        if (CommentText.FromNote(message.Body) is not { } text)
        {
            logger.LogInformation("Dropped an edit from {Actor}: its text breaks the rules of comments", message.ActorId);
            return;
        }
        Db.EditComment(comment, text, message.EditedAt);
    }
}

/// <summary>A note withdrawn on its server (or its account deleted) takes its comment along, as if deleted here.</summary>
public sealed class RemoteCommentDeletedConsumer(CommentsDbContext db) : InboxConsumer<RemoteCommentDeleted, CommentsDbContext>(db)
{
    protected override async Task HandleAsync(RemoteCommentDeleted message, ConsumeContext<RemoteCommentDeleted> context, CancellationToken cancellationToken)
    {
        if (await Db.LockPostAsync(message.PostId, cancellationToken) is null) return;
        if (await Db.LockCommentAsync(message.CommentId, cancellationToken) is not { Status: not CommentStatus.Deleted } comment) return;
        await Db.DeleteCommentAsync(comment, message.DeletedAt, cancellationToken);
    }
}
