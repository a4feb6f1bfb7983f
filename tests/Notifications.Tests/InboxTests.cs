using System.Net;
using System.Text.Json;
using Blog.Contracts;
using Blog.ServiceDefaults.Caching;
using Blog.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Blog.Notifications.Tests;

/// Who hears of what: a reply, a comment on one's post, a mention, a followed blogger's new post, a
/// moderation verdict, a suspension; each once, never about one's own action, never a hidden comment's text.
public sealed class InboxTests(DefaultNotificationsFixture fixture) : IClassFixture<DefaultNotificationsFixture>
{
    static List<JsonElement> Items(JsonElement inbox) => [.. inbox.GetProperty("notifications").EnumerateArray()];

    [Fact]
    public async Task A_comment_tells_the_post_author_a_reply_the_parent_author_and_a_mention_the_named_each_once_never_the_writer()
    {
        var (blogger, reader, replier, named) = (await fixture.RegisterAsync(), await fixture.RegisterAsync(), await fixture.RegisterAsync(), await fixture.RegisterAsync());
        foreach (var account in new[] { blogger, reader, replier, named }) await fixture.KnowsAsync(account);
        var post = await fixture.PublishedPostAsync(blogger, "On notifications");
        var first = NotificationsFixture.Comment(post, reader, "The first word");
        await fixture.PublishAsync(first);
        // The post's author is named too, and the writer names themself: one notification each, none for the writer.
        var reply = NotificationsFixture.Comment(post, replier, $"Agreed, @{reader.Username}! And @{blogger.Username.ToUpperInvariant()}, @{named.Username}. Me: @{replier.Username}", first);
        await fixture.PublishAsync(reply);
        // The same comment announced again (a new message id): nobody hears of it twice.
        await fixture.PublishAsync(reply);

        var bloggers = await fixture.InboxOfAsync(blogger, 2);
        var readers = await fixture.InboxOfAsync(reader, 1);
        var nameds = await fixture.InboxOfAsync(named, 1);

        Assert.Equal(["post-comment", "post-comment"], Items(bloggers).Select(n => n.GetProperty("kind").GetString()));
        var newest = Items(bloggers).First();
        Assert.Equal(replier.Username, newest.GetProperty("actor").GetProperty("username").GetString());
        Assert.Equal("On notifications", newest.GetProperty("post").GetProperty("title").GetString());
        Assert.Equal(reply.CommentNumber, newest.GetProperty("comment").GetProperty("id").GetInt64());
        Assert.StartsWith("Agreed", newest.GetProperty("comment").GetProperty("excerpt").GetString(), StringComparison.Ordinal);
        Assert.False(newest.GetProperty("read").GetBoolean());
        Assert.Equal(2, bloggers.GetProperty("unreadCount").GetInt32());
        Assert.Equal("comment-reply", Items(readers).Single().GetProperty("kind").GetString());
        Assert.Equal("mention", Items(nameds).Single().GetProperty("kind").GetString());
        Assert.Equal(0, (await fixture.InboxAsync(replier)).GetProperty("notificationsCount").GetInt32());
    }

    [Fact]
    public async Task A_comment_from_the_fediverse_names_its_author_by_the_handle_it_carries()
    {
        var blogger = await fixture.RegisterAsync();
        await fixture.KnowsAsync(blogger);
        var post = await fixture.PublishedPostAsync(blogger, "Read far away");
        // As Comments announces a reply from the fediverse: an author key no account here has, its handle as username.
        var remote = new CommentCreated(Guid.NewGuid(), post, null, Guid.NewGuid(), "ana@social.example", $"Hello @{blogger.Username}", true, DateTimeOffset.UtcNow,
            1, 1_000_000, 4242);
        await fixture.PublishAsync(remote);

        var item = Items(await fixture.InboxOfAsync(blogger, 1)).Single();
        Assert.Equal("post-comment", item.GetProperty("kind").GetString());
        Assert.Equal("ana@social.example", item.GetProperty("actor").GetProperty("username").GetString());
    }

    [Fact]
    public async Task A_comment_hidden_by_moderation_is_not_shown_until_approved_and_its_author_hears_the_verdicts()
    {
        var (blogger, commenter) = (await fixture.RegisterAsync(), await fixture.RegisterAsync());
        var post = await fixture.PublishedPostAsync(blogger);
        var comment = NotificationsFixture.Comment(post, commenter, "Buy cheap things at example.com");
        var caseId = Guid.NewGuid();
        // The verdict overtakes the comment (they travel on different queues): it waits for the comment's author.
        await fixture.PublishAsync(new CommentHeld(comment.CommentId, post, caseId, "a link from a new account", 1, DateTimeOffset.UtcNow));
        await fixture.PublishAsync(new CommentVisibilityChanged(comment.CommentId, post, false, DateTimeOffset.UtcNow, 0, comment.CountRevision + 1, comment.CommentNumber));
        await fixture.PublishAsync(comment);

        var held = Items(await fixture.InboxOfAsync(commenter, 1)).Single();
        Assert.Equal("comment-held", held.GetProperty("kind").GetString());
        Assert.Equal("a link from a new account", held.GetProperty("reason").GetString());
        Assert.Equal(comment.CommentNumber, held.GetProperty("comment").GetProperty("id").GetInt64());
        await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE comment_id = $1 AND kind = 'post-comment'", comment.CommentId) == 1, "the blogger's notification to be stored");
        var hidden = await fixture.InboxAsync(blogger);
        Assert.Equal(0, hidden.GetProperty("notificationsCount").GetInt32());
        Assert.Equal(0, hidden.GetProperty("unreadCount").GetInt32());
        Assert.DoesNotContain("example.com", hidden.ToString(), StringComparison.Ordinal);

        await fixture.PublishAsync(new CommentApproved(comment.CommentId, post, caseId, "a moderator", 2, DateTimeOffset.UtcNow));
        await fixture.PublishAsync(new CommentVisibilityChanged(comment.CommentId, post, true, DateTimeOffset.UtcNow, 1, comment.CountRevision + 2, comment.CommentNumber));

        Assert.Equal("post-comment", Items(await fixture.InboxOfAsync(blogger, 1)).Single().GetProperty("kind").GetString());
        Assert.Equal(["comment-approved", "comment-held"], Items(await fixture.InboxOfAsync(commenter, 2)).Select(n => n.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task A_verdict_racing_its_comment_always_reaches_the_comments_author()
    {
        var (blogger, commenter) = (await fixture.RegisterAsync(), await fixture.RegisterAsync());
        var post = await fixture.PublishedPostAsync(blogger);
        const int racing = 200;
        var comments = Enumerable.Range(0, racing).Select(i => NotificationsFixture.Comment(post, commenter, $"Held comment {i}")).ToList();

        // Each verdict and its comment announced at the same moment: whichever is handled first, the author hears.
        await Task.WhenAll(comments.SelectMany(c => new[]
        {
            fixture.PublishAsync(new CommentHeld(c.CommentId, post, Guid.NewGuid(), "held while racing", 1, DateTimeOffset.UtcNow)),
            fixture.PublishAsync(c),
        }));

        var inbox = await fixture.InboxOfAsync(commenter, racing);
        Assert.All(Items(inbox), n => Assert.Equal("comment-held", n.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Followers_hear_of_a_blogger_s_first_publication_only()
    {
        var (blogger, follower, stranger) = (await fixture.RegisterAsync(), await fixture.RegisterAsync(), await fixture.RegisterAsync());
        await fixture.FollowAsync(follower, blogger);
        await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM known_follows WHERE follower_id = $1", follower.Id) == 1, "Identity's UserFollowed to arrive");

        var post = await fixture.PublishedPostAsync(blogger, "Fresh from the press");
        var news = Items(await fixture.InboxOfAsync(follower, 1)).Single();
        Assert.Equal("followed-post", news.GetProperty("kind").GetString());
        Assert.Equal(blogger.Username, news.GetProperty("actor").GetProperty("username").GetString());

        // Back to draft: not listed (its link would lead nowhere); published again: listed again, not announced again.
        await fixture.PublishAsync(new PostUnpublished(post, "slug", DateTimeOffset.UtcNow));
        await fixture.InboxOfAsync(follower, 0);
        await fixture.PublishAsync(new PostPublished(post, "fresh-from-the-press", "Fresh from the press, again", blogger.Username, null, [], DateTimeOffset.UtcNow, AuthorId: blogger.Id));
        var again = Items(await fixture.InboxOfAsync(follower, 1)).Single();
        Assert.Equal("Fresh from the press, again", again.GetProperty("post").GetProperty("title").GetString());
        Assert.Equal(0, (await fixture.InboxAsync(stranger)).GetProperty("notificationsCount").GetInt32());
        Assert.Equal(0, (await fixture.InboxAsync(blogger)).GetProperty("notificationsCount").GetInt32());
    }

    [Fact]
    public async Task A_suspension_and_its_end_reach_the_account()
    {
        var reader = await fixture.RegisterAsync();
        var until = DateTimeOffset.UtcNow.AddDays(3);

        await fixture.PublishAsync(new UserSuspended(reader.Id, reader.Username, until, "Spamming the comments", "moderator"));
        var suspended = Items(await fixture.InboxOfAsync(reader, 1)).Single();
        await fixture.PublishAsync(new UserReinstated(reader.Id, reader.Username, "moderator", DateTimeOffset.UtcNow));

        Assert.Equal("account-suspended", suspended.GetProperty("kind").GetString());
        Assert.Equal("Spamming the comments", suspended.GetProperty("reason").GetString());
        Assert.Equal(until.ToUnixTimeSeconds(), suspended.GetProperty("until").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal("account-reinstated", Items(await fixture.InboxOfAsync(reader, 2)).First().GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_deleted_comment_post_or_account_takes_the_notifications_about_it_along()
    {
        var (blogger, reader, other) = (await fixture.RegisterAsync(), await fixture.RegisterAsync(), await fixture.RegisterAsync());
        var post = await fixture.PublishedPostAsync(blogger);
        var otherPost = await fixture.PublishedPostAsync(blogger);
        var deletedLater = NotificationsFixture.Comment(post, reader, "Soon gone");
        await fixture.PublishAsync(deletedLater);
        await fixture.PublishAsync(NotificationsFixture.Comment(post, other, "Gone with the post"));
        await fixture.PublishAsync(NotificationsFixture.Comment(otherPost, reader, "Gone with its writer"));
        await fixture.PublishAsync(NotificationsFixture.Comment(otherPost, other, "Stays"));
        await fixture.InboxOfAsync(blogger, 4);

        await fixture.PublishAsync(new CommentDeleted(deletedLater.CommentId, post, true, DateTimeOffset.UtcNow));
        await fixture.InboxOfAsync(blogger, 3);
        await fixture.PublishAsync(new PostDeleted(post, "slug", DateTimeOffset.UtcNow));
        await fixture.InboxOfAsync(blogger, 2);
        await fixture.PublishAsync(new UserDeleted(reader.Id, reader.Username, DateTimeOffset.UtcNow));

        var left = Items(await fixture.InboxOfAsync(blogger, 1)).Single();
        Assert.Equal("Stays", left.GetProperty("comment").GetProperty("excerpt").GetString());
    }

    [Fact]
    public async Task Notifications_are_marked_read_one_by_one_or_all_at_once_and_only_ones_own()
    {
        var (blogger, reader, intruder) = (await fixture.RegisterAsync(), await fixture.RegisterAsync(), await fixture.RegisterAsync());
        var post = await fixture.PublishedPostAsync(blogger);
        for (var i = 0; i < 3; i++) await fixture.PublishAsync(NotificationsFixture.Comment(post, reader, $"Comment {i}"));
        var ids = Items(await fixture.InboxOfAsync(blogger, 3)).Select(n => n.GetProperty("id").GetGuid()).ToList();

        var (byIntruder, _) = await fixture.SendAsync(HttpMethod.Post, "/api/notifications/read", intruder.Token, new { ids });
        var (one, afterOne) = await fixture.SendAsync(HttpMethod.Post, "/api/notifications/read", blogger.Token, new { ids = new[] { ids[0] } });
        var unreadOnly = await fixture.InboxAsync(blogger, "?unread=true");
        var (all, afterAll) = await fixture.SendAsync(HttpMethod.Post, "/api/notifications/read", blogger.Token, new { all = true });
        var (_, counted) = await fixture.SendAsync(HttpMethod.Get, "/api/notifications/unread", blogger.Token);

        Assert.Equal(HttpStatusCode.OK, byIntruder);
        Assert.Equal(HttpStatusCode.OK, one);
        Assert.Equal(2, afterOne.GetProperty("unreadCount").GetInt32());
        Assert.Equal(ids[1..], Items(unreadOnly).Select(n => n.GetProperty("id").GetGuid()));
        Assert.Equal(HttpStatusCode.OK, all);
        Assert.Equal(0, afterAll.GetProperty("unreadCount").GetInt32());
        Assert.Equal(0, counted.GetProperty("unreadCount").GetInt32());
        Assert.All(Items(await fixture.InboxAsync(blogger)), n => Assert.True(n.GetProperty("read").GetBoolean()));
    }

    [Fact]
    public async Task The_unread_count_kept_for_the_header_follows_every_change_and_is_never_announced_to_the_gateways()
    {
        var (blogger, reader) = (await fixture.RegisterAsync(), await fixture.RegisterAsync());
        var post = await fixture.PublishedPostAsync(blogger);
        await fixture.PublishAsync(NotificationsFixture.Comment(post, reader, "First"));
        var first = Items(await fixture.InboxOfAsync(blogger, 1)).Single().GetProperty("id").GetGuid();
        Assert.Equal(1, await UnreadAsync(blogger));

        // Each change below comes after the count was read (and kept): a consumer's write, the reader's own, moderation's.
        var second = NotificationsFixture.Comment(post, reader, "Second");
        await fixture.PublishAsync(second);
        await Eventually.TrueAsync(async () => await UnreadAsync(blogger) == 2, "the new notification in the unread count");
        await fixture.SendAsync(HttpMethod.Post, "/api/notifications/read", blogger.Token, new { ids = new[] { first } });
        Assert.Equal(1, await UnreadAsync(blogger));
        await fixture.PublishAsync(new CommentVisibilityChanged(second.CommentId, post, false, DateTimeOffset.UtcNow, 0, second.CountRevision + 1, second.CommentNumber));
        await Eventually.TrueAsync(async () => await UnreadAsync(blogger) == 0, "a hidden comment's notification out of the unread count");

        // Only readers see their inbox: no public page changes, so nothing is announced for the gateways to evict.
        var cache = fixture.Services.GetRequiredService<ContentCache>();
        var redis = fixture.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        Assert.True(await redis.KeyExistsAsync(cache.VersionKey));
        Assert.False(await redis.KeyExistsAsync(cache.PublicVersionKey));
    }

    async Task<int> UnreadAsync(TestAccount reader) =>
        (await fixture.SendAsync(HttpMethod.Get, "/api/notifications/unread", reader.Token)).Body.GetProperty("unreadCount").GetInt32();

    [Fact]
    public async Task Bad_requests_are_refused_with_the_reason()
    {
        var reader = await fixture.RegisterAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Get, "/api/notifications", null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Post, "/api/notifications/read", null, new { all = true })).Status);
        foreach (var query in new[] { "?limit=0", "?limit=ten", "?offset=-1", "?unread=maybe" })
        {
            var (status, body) = await fixture.SendAsync(HttpMethod.Get, $"/api/notifications{query}", reader.Token);
            Assert.True(status == HttpStatusCode.UnprocessableEntity, $"{query}: {status}");
            Assert.True(body.TryGetProperty("errors", out _), query);
        }
        foreach (var body in new object[] { new { }, new { ids = Array.Empty<Guid>() }, new { all = false }, new { ids = Enumerable.Range(0, 101).Select(_ => Guid.NewGuid()) } })
        {
            var (status, _) = await fixture.SendAsync(HttpMethod.Post, "/api/notifications/read", reader.Token, body);
            Assert.True(status == HttpStatusCode.UnprocessableEntity, $"{JsonSerializer.Serialize(body)}: {status}");
        }
        var (malformed, _) = await fixture.SendAsync(HttpMethod.Post, "/api/notifications/read", reader.Token, new { ids = new[] { "not-a-guid" } });
        Assert.True((int)malformed is >= 400 and < 500, $"{malformed}");
        var (_, kinds) = await fixture.SendAsync(HttpMethod.Get, "/api/notifications/kinds", null);
        Assert.Contains("comment-reply", kinds.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));
    }
}
