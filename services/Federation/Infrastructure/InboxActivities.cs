using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Blog.Contracts;
using Blog.Federation.Model;
using Blog.Messaging;
using Blog.ServiceDefaults.Caching;
using Microsoft.EntityFrameworkCore;

namespace Blog.Federation.Infrastructure;

/// <summary>
/// What an activity a remote actor sent (its signature verified) does here. Each activity id is handled
/// once. `Follow` of a local actor: a follower, accepted at once; `Like` of a public post: a `RemotePostLiked`
/// for Posts to count; `Undo` of either: gone (a `RemotePostUnliked`); `Create` of a public `Note` replying to a
/// post or to a reply taken in before: a `RemoteCommentReceived` for Comments; `Update` of that note: a
/// `RemoteCommentEdited`; `Delete` of it: a `RemoteCommentDeleted`; `Delete` or `Update` of the actor itself: its follows, likes and replies gone, or its
/// copy fetched again. Other activities are taken and ignored.
/// </summary>
public sealed class InboxActivities(FederationDbContext db, RemoteActors actors, FederationAddresses addresses, ActivityDocuments documents, ContentCache pages,
    TimeProvider clock, ILogger<InboxActivities> logger)
{
    bool followersChanged;

    public async Task HandleAsync(JsonElement activity, RemoteActor sender, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (RemoteActors.Text(activity, "id") is { } id)
        {
            var fresh = await db.Database.ExecuteSqlAsync(
                $"INSERT INTO received_activities (id, received_at) VALUES ({id}, {now}) ON CONFLICT DO NOTHING", cancellationToken);
            if (fresh == 0) return;
        }
        var type = RemoteActors.Text(activity, "type");
        var target = activity.TryGetProperty("object", out var value) ? value : default;
        switch (type)
        {
            case "Follow":
                await FollowAsync(activity, sender, RemoteActors.Text(activity, "object"), now, cancellationToken);
                break;
            case "Like":
                await LikeAsync(activity, sender, RemoteActors.Text(activity, "object"), now, cancellationToken);
                break;
            case "Undo" when target.ValueKind != JsonValueKind.Undefined:
                await UndoAsync(target, sender, cancellationToken);
                await UnlikeAsync(target, sender, now, cancellationToken);
                break;
            case "Create" when target.ValueKind == JsonValueKind.Object && RemoteActors.Text(target, "type") == "Note":
                await ReplyAsync(target, sender, now, cancellationToken);
                break;
            case "Delete" when RemoteActors.Text(activity, "object") == sender.Id:
                // The account is gone from its server: its follows end, its likes are taken back, its replies removed.
                await db.WithdrawWhatActorsGaveAsync([sender.Id], now, cancellationToken);
                db.RemoteActors.Remove(sender);
                followersChanged = true;
                break;
            case "Delete" when RemoteActors.Text(activity, "object") is { } deleted:
                if (await db.RemoteComments.SingleOrDefaultAsync(r => r.NoteId == deleted && r.ActorId == sender.Id, cancellationToken) is { } withdrawn)
                    db.Withdraw(withdrawn, now);
                break;
            case "Update" when target.ValueKind == JsonValueKind.Object && RemoteActors.Text(target, "type") == "Note":
                await EditReplyAsync(target, sender, now, cancellationToken);
                break;
            case "Update" when RemoteActors.Text(activity, "object") == sender.Id:
                await actors.GetAsync(sender.Id, refresh: true, cancellationToken);
                break;
            default:
                logger.LogInformation("Took a {Type} from {Actor} and did nothing with it", type, sender.Id);
                break;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // The author page lists an account's followers from here.
        if (followersChanged) await pages.InvalidateAsync();
    }

    async Task FollowAsync(JsonElement follow, RemoteActor sender, string? objectId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (addresses.UsernameOf(objectId) is not { } username || await db.ActorNamedAsync(username, cancellationToken) is not { } local) return;
        var followId = RemoteActors.Text(follow, "id") ?? "";
        var existing = await db.Followers.SingleOrDefaultAsync(f => f.LocalUserId == local.UserId && f.ActorId == sender.Id, cancellationToken);
        if (existing is null) db.Followers.Add(new Follower { LocalUserId = local.UserId, ActorId = sender.Id, FollowId = followId, FollowedAt = now });
        else existing.FollowId = followId;
        followersChanged |= existing is null;
        // Accepted again when already following: the remote server may have lost the first Accept.
        db.Enqueue(local.UserId, documents.Accept(local.Username, JsonNode.Parse(follow.GetRawText())!), [sender.Inbox], now);
    }

    async Task LikeAsync(JsonElement like, RemoteActor sender, string? objectId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (RemoteActors.Text(like, "id") is not { } likeId || await PostNamedAsync(objectId, cancellationToken) is not { } post) return;
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO remote_likes (activity_id, post_id, actor_id, liked_at) VALUES ({likeId}, {post.PostId}, {sender.Id}, {now}) ON CONFLICT DO NOTHING
            """, cancellationToken);
        if (inserted == 1) db.AddIntegrationEvent(post.PostId.ToString(), new RemotePostLiked(post.PostId, sender.Id, sender.Handle, sender.Url, now));
    }

    async Task UnlikeAsync(JsonElement undone, RemoteActor sender, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var likeId = undone.ValueKind == JsonValueKind.String ? undone.GetString() : RemoteActors.Text(undone, "id");
        var liked = undone.ValueKind == JsonValueKind.Object && RemoteActors.Text(undone, "type") == "Like"
            ? await PostNamedAsync(RemoteActors.Text(undone, "object"), cancellationToken)
            : null;
        var likes = await db.RemoteLikes.Where(l => l.ActorId == sender.Id && (l.ActivityId == likeId || (liked != null && l.PostId == liked.PostId)))
            .ToListAsync(cancellationToken);
        foreach (var like in likes) db.Withdraw(like, now);
    }

    /// <summary>
    /// A reply from the fediverse becomes a comment when it is the sender's own note (its id on the sender's
    /// server, attributed to it), public (addressed to everyone, not only to the people it mentions) and
    /// answers a public post here or a reply taken in before. Each note once.
    /// </summary>
    async Task ReplyAsync(JsonElement note, RemoteActor sender, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (RemoteActors.Text(note, "id") is not { Length: <= RemoteComment.MaxNoteIdLength } noteId
            || !Uri.TryCreate(noteId, UriKind.Absolute, out var noteUri) || !noteUri.Authority.Equals(sender.Host, StringComparison.OrdinalIgnoreCase)
            || RemoteActors.Text(note, "attributedTo") != sender.Id || !IsPublic(note))
        {
            logger.LogInformation("Took a note from {Actor} that is not its own public note", sender.Id);
            return;
        }
        var inReplyTo = RemoteActors.Text(note, "inReplyTo");
        Guid postId;
        Guid? parentId = null;
        if (await PostNamedAsync(inReplyTo, cancellationToken) is { } post) postId = post.PostId;
        else if (await db.RemoteComments.AsNoTracking().SingleOrDefaultAsync(r => r.NoteId == inReplyTo, cancellationToken) is { } parent)
            (postId, parentId) = (parent.PostId, parent.CommentId);
        else return;

        var body = NoteText.ToPlainText(RemoteActors.Text(note, "content") ?? FirstContent(note));
        if (body.Length == 0) return;
        var commentId = Guid.CreateVersion7(now);
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO remote_comments (note_id, comment_id, post_id, actor_id, received_at) VALUES ({noteId}, {commentId}, {postId}, {sender.Id}, {now}) ON CONFLICT DO NOTHING
            """, cancellationToken);
        if (inserted == 0) return;
        db.AddIntegrationEvent(postId.ToString(), new RemoteCommentReceived(commentId, postId, parentId, sender.CommenterId, sender.Id, sender.Handle,
            sender.DisplayName, sender.Url, body, noteId, now));
    }

    /// <summary>
    /// An edit of a reply taken in: its new text for Comments, when it is newer (its `updated`) than the last edit
    /// taken, so a repeated or late delivery changes nothing. A note no longer public is withdrawn.
    /// </summary>
    async Task EditReplyAsync(JsonElement note, RemoteActor sender, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (RemoteActors.Text(note, "id") is not { } noteId || RemoteActors.Text(note, "attributedTo") != sender.Id
            || await db.RemoteComments.SingleOrDefaultAsync(r => r.NoteId == noteId && r.ActorId == sender.Id, cancellationToken) is not { } reply)
        {
            logger.LogInformation("Took an edit from {Actor} of a note that is not one of its replies here", sender.Id);
            return;
        }
        if (!IsPublic(note))
        {
            db.Withdraw(reply, now);
            return;
        }
        var updated = DateTimeOffset.TryParse(RemoteActors.Text(note, "updated"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var stamped) ? stamped : now;
        if (reply.EditedAt is { } last && updated <= last) return;
        var body = NoteText.ToPlainText(RemoteActors.Text(note, "content") ?? FirstContent(note));
        if (body.Length == 0) return;
        reply.EditedAt = updated;
        db.AddIntegrationEvent(reply.PostId.ToString(), new RemoteCommentEdited(reply.CommentId, reply.PostId, sender.Id, body, noteId, now));
    }

    static readonly string[] PublicAddresses = ["https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"];
    static readonly string[] Audiences = ["to", "cc"];

    /// <summary>Addressed to everyone (in `to` or `cc`, as Mastodon's public and unlisted posts are), not a private mention.</summary>
    static bool IsPublic(JsonElement note) =>
        Audiences.Any(field => note.TryGetProperty(field, out var audience) && (audience.ValueKind switch
        {
            JsonValueKind.String => PublicAddresses.Contains(audience.GetString()),
            JsonValueKind.Array => audience.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && PublicAddresses.Contains(a.GetString())),
            _ => false,
        }));

    /// <summary>A note without `content` may carry it per language (`contentMap`): the first one.</summary>
    static string? FirstContent(JsonElement note) =>
        note.TryGetProperty("contentMap", out var map) && map.ValueKind == JsonValueKind.Object
            ? map.EnumerateObject().Select(p => p.Value).FirstOrDefault(v => v.ValueKind == JsonValueKind.String) is { ValueKind: JsonValueKind.String } first ? first.GetString() : null
            : null;

    /// <summary>The public post an object id names: its `Article` id, or its page on the site.</summary>
    async Task<FederatedPost?> PostNamedAsync(string? objectId, CancellationToken cancellationToken)
    {
        if (objectId is null) return null;
        var prefix = addresses.Article(Guid.Empty)[..^Guid.Empty.ToString().Length];
        return objectId.StartsWith(prefix, StringComparison.Ordinal) && Guid.TryParse(objectId[prefix.Length..], out var id)
            ? await db.Posts.SingleOrDefaultAsync(p => p.PostId == id && p.Public, cancellationToken)
            : await db.Posts.FirstOrDefaultAsync(p => p.Url == objectId && p.Public, cancellationToken);
    }

    async Task UndoAsync(JsonElement undone, RemoteActor sender, CancellationToken cancellationToken)
    {
        var undoneId = undone.ValueKind == JsonValueKind.String ? undone.GetString() : RemoteActors.Text(undone, "id");
        var followed = undone.ValueKind == JsonValueKind.Object && RemoteActors.Text(undone, "type") == "Follow"
            ? addresses.UsernameOf(RemoteActors.Text(undone, "object"))
            : null;
        var local = followed is null ? null : await db.ActorNamedAsync(followed, cancellationToken);
        followersChanged |= await db.Followers.Where(f => f.ActorId == sender.Id && ((undoneId != null && f.FollowId == undoneId) || (local != null && f.LocalUserId == local.UserId)))
            .ExecuteDeleteAsync(cancellationToken) > 0;
    }
}
