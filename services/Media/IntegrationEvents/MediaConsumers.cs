using Blog.Contracts;
using Blog.Media.Infrastructure;
using Blog.Media.Model;
using Blog.Messaging.Inbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Media.IntegrationEvents;

/// <summary>A deleted post takes the images uploaded for it along; their files are swept once no other image uses them.</summary>
public sealed class PostDeletedConsumer(MediaDbContext db) : InboxConsumer<PostDeleted, MediaDbContext>(db)
{
    protected override Task HandleAsync(PostDeleted message, ConsumeContext<PostDeleted> context, CancellationToken cancellationToken) =>
        Db.Items.Where(i => i.ArticleId == message.PostId).ExecuteDeleteAsync(cancellationToken);
}

/// <summary>
/// A new account picture replaces the earlier ones: the account's pictures uploaded before the change and
/// other than the one now shown are deleted (one uploaded since, not yet saved to the profile, is kept).
/// </summary>
public sealed class UserProfileUpdatedConsumer(MediaDbContext db) : InboxConsumer<UserProfileUpdated, MediaDbContext>(db)
{
    protected override Task HandleAsync(UserProfileUpdated message, ConsumeContext<UserProfileUpdated> context, CancellationToken cancellationToken)
    {
        var shown = MediaAddresses.KeyIn(message.Image);
        return Db.Items
            .Where(i => i.OwnerId == message.UserId && i.Purpose == MediaPurpose.Avatar && i.CreatedAt < message.UpdatedAt
                && !i.Variants.Any(v => v.BlobKey == shown))
            .ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>A deleted account takes every image it uploaded along (its pictures, and post images whatever the post).</summary>
public sealed class UserDeletedConsumer(MediaDbContext db) : InboxConsumer<UserDeleted, MediaDbContext>(db)
{
    protected override Task HandleAsync(UserDeleted message, ConsumeContext<UserDeleted> context, CancellationToken cancellationToken) =>
        Db.Items.Where(i => i.OwnerId == message.UserId).ExecuteDeleteAsync(cancellationToken);
}
