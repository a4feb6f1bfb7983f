using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Blog.Contracts;
using Blog.Federation.Infrastructure;
using Blog.TestSupport;

namespace Blog.Federation.Tests;

/// A Fedify server (not our code) discovers, follows and unfollows bloggers, and receives their posts,
/// which it only records when their HTTP Signatures verify with the keys it fetched from Federation.
[Collection(FederationCollection.Name)]
public sealed class FederationTests(FederationFixture platform)
{
    FediversePeer Peer => platform.Peer;

    [Fact]
    public async Task A_blogger_is_found_by_webfinger_and_followed_and_the_follow_is_accepted()
    {
        var blogger = await platform.BloggerAsync();

        var found = await Peer.DiscoverAsync($"acct:{blogger.Username}@{FederationFixture.Host}");
        Assert.Equal(200, found.GetProperty("status").GetInt32());
        Assert.Equal($"acct:{blogger.Username}@{FederationFixture.Host}", found.GetProperty("subject").GetString());
        Assert.Equal(FederationFixture.ActorOf(blogger), found.GetProperty("id").GetString());
        Assert.Equal("Person", found.GetProperty("type").GetString());
        Assert.Equal(blogger.Username, found.GetProperty("preferredUsername").GetString());
        Assert.Equal($"{FederationFixture.Site}/inbox", found.GetProperty("sharedInbox").GetString());
        Assert.Equal($"{FederationFixture.Site}/blog/{blogger.Username}", found.GetProperty("url").GetString());

        var follow = await Peer.FollowAsync(FederationFixture.ActorOf(blogger));
        var followId = follow.GetProperty("followId").GetString()!;
        var accepts = await Eventually.ReturnsAsync(() => Peer.ReceivedAsync("Accept", followId), a => a.Count > 0, "the peer to receive the Accept");
        Assert.Equal(FederationFixture.ActorOf(blogger), FediversePeer.Text(accepts.Single(), "actor"));
        Assert.Equal(1, await platform.FollowersAsync(blogger));

        using var followers = await platform.Client.SendAsync(ActivityRequest(HttpMethod.Get, $"/users/{blogger.Username}/followers"));
        using var collection = JsonDocument.Parse(await followers.Content.ReadAsStringAsync());
        Assert.Equal(1, collection.RootElement.GetProperty("totalItems").GetInt32());

        // The site lists the follower by its handle, linked to its profile on its own server.
        var (status, listed) = await platform.SendAsync(HttpMethod.Get, $"/api/federation/users/{blogger.Username}/followers", null);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, listed.GetProperty("followersCount").GetInt32());
        var follower = listed.GetProperty("followers")[0];
        Assert.Equal($"@peer@{new Uri(Peer.Origin).Authority}", follower.GetProperty("handle").GetString());
        Assert.Equal("A Fedify peer", follower.GetProperty("name").GetString());
        Assert.Equal($"{Peer.Origin}/@peer", follower.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await platform.SendAsync(HttpMethod.Get, "/api/federation/users/nobody-here/followers", null)).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await platform.SendAsync(HttpMethod.Get, $"/api/federation/users/{blogger.Username}/followers?limit=x", null)).Status);
    }

    [Fact]
    public async Task A_published_post_reaches_the_follower_as_a_signed_article_and_its_edit_and_deletion_follow()
    {
        var blogger = await platform.BloggerAsync();
        await platform.FollowedByPeerAsync(blogger);

        var post = FederationFixture.Post(blogger, "Notes from the river", "rivers", "travel");
        await platform.PublishAsync(post);
        var article = FederationFixture.ArticleOf(post.PostId);
        var create = (await Eventually.ReturnsAsync(() => Peer.ReceivedAsync("Create", article), a => a.Count > 0, "the peer to receive the Create")).Single();
        Assert.Equal(FederationFixture.ActorOf(blogger), FediversePeer.Text(create, "actor"));
        var target = create.GetProperty("object");
        Assert.Equal("Article", FediversePeer.Text(target, "type"));
        Assert.Equal("Notes from the river", FediversePeer.Text(target, "name"));
        Assert.Equal(post.CanonicalUrl, FediversePeer.Text(target, "url"));
        Assert.Equal(FederationFixture.ActorOf(blogger), FediversePeer.Text(target, "attributedTo"));
        var hashtags = target.GetProperty("tag").EnumerateArray().Select(t => FediversePeer.Text(t, "name")).ToList();
        Assert.Equal(["#rivers", "#travel"], hashtags.Order());

        // The object is served where its id says, to any server that fetches it.
        using var served = await platform.Client.SendAsync(ActivityRequest(HttpMethod.Get, $"/ap/posts/{post.PostId}"));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("application/activity+json", served.Content.Headers.ContentType?.MediaType);

        await platform.PublishAsync(new PostUpdated(post.PostId, post.Slug, "Notes from the river, revised", "Now with maps", blogger.Username, null,
            ["rivers"], DateTimeOffset.UtcNow, post.CanonicalUrl, blogger.Id));
        var update = (await Eventually.ReturnsAsync(() => Peer.ReceivedAsync("Update", article), a => a.Count > 0, "the peer to receive the Update")).Single();
        Assert.Equal("Notes from the river, revised", FediversePeer.Text(update.GetProperty("object"), "name"));

        await platform.PublishAsync(new PostDeleted(post.PostId, post.Slug, DateTimeOffset.UtcNow));
        await Eventually.ReturnsAsync(() => Peer.ReceivedAsync("Delete", article), a => a.Count == 1, "the peer to receive the Delete");
        using var gone = await platform.Client.SendAsync(ActivityRequest(HttpMethod.Get, $"/ap/posts/{post.PostId}"));
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Single(await Peer.ReceivedAsync("Create", article));
    }

    [Fact]
    public async Task An_undone_follow_gets_no_more_deliveries()
    {
        var blogger = await platform.BloggerAsync();
        await platform.FollowedByPeerAsync(blogger);

        await Peer.UndoFollowAsync(FederationFixture.ActorOf(blogger));
        await Eventually.TrueAsync(async () => await platform.FollowersAsync(blogger) == 0, "the follower to be gone");

        var post = FederationFixture.Post(blogger, "Nobody over there reads this");
        await platform.PublishAndAwaitAsync(post);
        Assert.Equal(0, await platform.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM deliveries WHERE sender_id = $1 AND activity LIKE '%' || $2 || '%'", blogger.Id, post.PostId.ToString()));
    }

    [Fact]
    public async Task Unsigned_forged_and_altered_deliveries_are_refused()
    {
        var blogger = await platform.BloggerAsync();
        var follow = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["@context"] = "https://www.w3.org/ns/activitystreams",
            ["id"] = $"{Peer.Origin}/follows/{Guid.NewGuid()}",
            ["type"] = "Follow",
            ["actor"] = Peer.ActorId,
            ["object"] = FederationFixture.ActorOf(blogger),
        });
        var inbox = $"/users/{blogger.Username}/inbox";

        // No signature at all.
        using (var unsigned = await platform.Client.SendAsync(Delivery(inbox, follow)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        }

        // The peer's key id, signed with another key.
        using var impostor = RSA.Create(2048);
        var forged = Delivery(inbox, follow);
        HttpSignatures.Sign(forged, Encoding.UTF8.GetBytes(follow), $"{Peer.ActorId}#main-key", impostor, DateTimeOffset.UtcNow);
        using (var answer = await platform.Client.SendAsync(forged))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            Assert.Contains("does not verify", await answer.Content.ReadAsStringAsync());
        }

        // Signed over one body, sent with another: the digest gives it away.
        var altered = Delivery(inbox, follow.Replace("Follow", "Block", StringComparison.Ordinal));
        HttpSignatures.Sign(altered, Encoding.UTF8.GetBytes(follow), $"{Peer.ActorId}#main-key", impostor, DateTimeOffset.UtcNow);
        using (var answer = await platform.Client.SendAsync(altered))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            Assert.Contains("Digest", await answer.Content.ReadAsStringAsync());
        }

        // Not JSON.
        using (var garbage = await platform.Client.SendAsync(Delivery(inbox, "{not json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        }
        Assert.Equal(0, await platform.FollowersAsync(blogger));
    }

    [Fact]
    public async Task A_delivery_while_the_remote_server_is_down_arrives_once_after_it_returns()
    {
        var blogger = await platform.BloggerAsync();
        await platform.FollowedByPeerAsync(blogger);

        await Peer.StopAsync();
        try
        {
            var post = FederationFixture.Post(blogger, "Written while they were away");
            await platform.PublishAsync(post);
            await Eventually.TrueAsync(async () => await platform.Database!.ScalarAsync<long>(
                "SELECT count(*) FROM deliveries WHERE sender_id = $1 AND attempts > 0 AND delivered_at IS NULL AND abandoned_at IS NULL", blogger.Id) == 1,
                "a failed attempt while the peer is down");
            await Peer.StartAsync();
            var article = FederationFixture.ArticleOf(post.PostId);
            await Eventually.ReturnsAsync(() => Peer.ReceivedAsync("Create", article), a => a.Count > 0, "the Create once the peer is back");
            await Eventually.TrueAsync(async () => await platform.Database!.ScalarAsync<long>(
                "SELECT count(*) FROM deliveries WHERE sender_id = $1 AND delivered_at IS NOT NULL AND activity LIKE '%\"Create\"%'", blogger.Id) == 1,
                "the delivery to be recorded as delivered");
            Assert.Single(await Peer.ReceivedAsync("Create", article));
        }
        finally
        {
            await Peer.StartAsync();
        }
    }

    [Fact]
    public async Task A_remote_like_and_its_undo_are_announced_for_Posts_to_count_once()
    {
        var blogger = await platform.BloggerAsync();
        await platform.FollowedByPeerAsync(blogger);
        var post = FederationFixture.Post(blogger, "Worth a like");
        await platform.PublishAsync(post);
        var article = FederationFixture.ArticleOf(post.PostId);
        await Eventually.ReturnsAsync(() => Peer.ReceivedAsync("Create", article), a => a.Count > 0, "the peer to receive the post");
        await using var liked = await ExchangeSubscriber.StartAsync(platform.Broker, nameof(RemotePostLiked));
        await using var unliked = await ExchangeSubscriber.StartAsync(platform.Broker, nameof(RemotePostUnliked));

        await Peer.LikeAsync(FederationFixture.ActorOf(blogger), article);
        var like = await liked.WaitForAsync(m => m.GetProperty("postId").GetGuid() == post.PostId, "RemotePostLiked");
        Assert.Equal(Peer.ActorId, like.GetProperty("actorId").GetString());
        Assert.Equal($"@peer@{new Uri(Peer.Origin).Authority}", like.GetProperty("handle").GetString());

        // A second like of the same post (its page's address this time) counts no more.
        await Peer.LikeAsync(FederationFixture.ActorOf(blogger), post.CanonicalUrl);
        await Peer.UnlikeAsync(FederationFixture.ActorOf(blogger), article);
        var unlike = await unliked.WaitForAsync(m => m.GetProperty("postId").GetGuid() == post.PostId, "RemotePostUnliked");
        Assert.Equal(Peer.ActorId, unlike.GetProperty("actorId").GetString());
        Assert.Single(liked.Deliveries, d => d.Envelope.GetProperty("message").GetProperty("postId").GetGuid() == post.PostId);

        // A like of something that is not a public post here announces nothing.
        await Peer.LikeAsync(FederationFixture.ActorOf(blogger), FederationFixture.ArticleOf(Guid.NewGuid()));
        Assert.Equal(0, await platform.Database!.ScalarAsync<long>("SELECT count(*) FROM remote_likes WHERE actor_id = $1 AND post_id <> $2", Peer.ActorId, post.PostId));
    }

    [Fact]
    public async Task A_public_reply_is_announced_as_a_comment_its_replies_thread_under_it_and_its_deletion_withdraws_it()
    {
        var blogger = await platform.BloggerAsync();
        var actor = FederationFixture.ActorOf(blogger);
        var post = FederationFixture.Post(blogger, "Tell me what you think");
        await platform.PublishAndAwaitAsync(post);
        await using var received = await ExchangeSubscriber.StartAsync(platform.Broker, nameof(RemoteCommentReceived));
        await using var deleted = await ExchangeSubscriber.StartAsync(platform.Broker, nameof(RemoteCommentDeleted));

        var noteId = await Peer.ReplyAsync(actor, FederationFixture.ArticleOf(post.PostId),
            """<p><span class="h-card"><a href="https://elsewhere.example/@someone" class="u-url mention">@<span>someone</span></a></span> Lovely piece, see """
            + """<a href="https://example.com/a/long/path"><span class="invisible">https://</span><span class="ellipsis">example.com/a/long</span></a><br>truly &amp; really</p>"""
            + """<p>Second <b>paragraph</b></p><script>alert(1)</script>""");
        var comment = await received.WaitForAsync(m => m.GetProperty("noteId").GetString() == noteId, "RemoteCommentReceived");
        Assert.Equal(post.PostId, comment.GetProperty("postId").GetGuid());
        Assert.Equal(JsonValueKind.Null, comment.GetProperty("parentCommentId").ValueKind);
        Assert.Equal(Peer.ActorId, comment.GetProperty("actorId").GetString());
        Assert.Equal($"@peer@{new Uri(Peer.Origin).Authority}", comment.GetProperty("handle").GetString());
        Assert.Equal("A Fedify peer", comment.GetProperty("name").GetString());
        Assert.Equal($"{Peer.Origin}/@peer", comment.GetProperty("profileUrl").GetString());
        Assert.Equal("@someone Lovely piece, see https://example.com/a/long/path\ntruly & really\n\nSecond paragraph", comment.GetProperty("body").GetString());
        var author = comment.GetProperty("authorId").GetGuid();
        Assert.NotEqual(Guid.Empty, author);

        // A reply to that reply threads under its comment, by the same remote commenter.
        var answerId = await Peer.ReplyAsync(actor, noteId, "<p>And another thing</p>");
        var answer = await received.WaitForAsync(m => m.GetProperty("noteId").GetString() == answerId, "the nested RemoteCommentReceived");
        Assert.Equal(comment.GetProperty("commentId").GetGuid(), answer.GetProperty("parentCommentId").GetGuid());
        Assert.Equal(post.PostId, answer.GetProperty("postId").GetGuid());
        Assert.Equal(author, answer.GetProperty("authorId").GetGuid());

        // A private mention is never published as a comment, nor is a reply to something not here.
        // (Fedify delivers before answering the control call: the inbox has handled each when it returns.)
        var direct = await Peer.ReplyAsync(actor, FederationFixture.ArticleOf(post.PostId), "<p>Just between us</p>", direct: true);
        var stray = await Peer.ReplyAsync(actor, "https://elsewhere.example/notes/1", "<p>Not about your post</p>");
        foreach (var ignored in new[] { direct, stray })
        {
            Assert.Equal(1, await platform.Database!.ScalarAsync<long>("SELECT count(*) FROM received_activities WHERE id = $1", $"{ignored}/create"));
            Assert.Equal(0, await platform.Database!.ScalarAsync<long>("SELECT count(*) FROM remote_comments WHERE note_id = $1", ignored));
        }
        Assert.Equal(2, received.Deliveries.Count(d => d.Envelope.GetProperty("message").GetProperty("postId").GetGuid() == post.PostId));

        await Peer.DeleteNoteAsync(actor, noteId);
        var withdrawn = await deleted.WaitForAsync(m => m.GetProperty("commentId").GetGuid() == comment.GetProperty("commentId").GetGuid(), "RemoteCommentDeleted");
        Assert.Equal(post.PostId, withdrawn.GetProperty("postId").GetGuid());
        Assert.Equal(Peer.ActorId, withdrawn.GetProperty("actorId").GetString());
    }

    [Fact]
    public async Task An_edited_reply_is_announced_with_its_new_text_and_an_older_edit_changes_nothing()
    {
        var blogger = await platform.BloggerAsync();
        var actor = FederationFixture.ActorOf(blogger);
        var post = FederationFixture.Post(blogger, "Edits are allowed");
        await platform.PublishAndAwaitAsync(post);
        await using var received = await ExchangeSubscriber.StartAsync(platform.Broker, nameof(RemoteCommentReceived));
        await using var edited = await ExchangeSubscriber.StartAsync(platform.Broker, nameof(RemoteCommentEdited));
        var noteId = await Peer.ReplyAsync(actor, FederationFixture.ArticleOf(post.PostId), "<p>Frist!</p>");
        var commentId = (await received.WaitForAsync(m => m.GetProperty("noteId").GetString() == noteId, "RemoteCommentReceived")).GetProperty("commentId").GetGuid();

        var firstEdit = DateTimeOffset.UtcNow;
        await Peer.EditNoteAsync(actor, noteId, "<p>First, <b>really</b></p>", firstEdit);
        var edit = await edited.WaitForAsync(m => m.GetProperty("commentId").GetGuid() == commentId, "RemoteCommentEdited");
        Assert.Equal("First, really", edit.GetProperty("body").GetString());
        Assert.Equal(post.PostId, edit.GetProperty("postId").GetGuid());
        Assert.Equal(noteId, edit.GetProperty("noteId").GetString());
        Assert.Equal(Peer.ActorId, edit.GetProperty("actorId").GetString());

        // An edit older than the one taken (a late delivery) is not announced; a newer one is, after the first.
        await Peer.EditNoteAsync(actor, noteId, "<p>An older text</p>", firstEdit.AddMinutes(-1));
        await Peer.EditNoteAsync(actor, noteId, "<p>The last word</p>", firstEdit.AddMinutes(1));
        await edited.WaitForAsync(m => m.GetProperty("commentId").GetGuid() == commentId && m.GetProperty("body").GetString() == "The last word", "the newer RemoteCommentEdited");
        Assert.Equal(["First, really", "The last word"],
            edited.Deliveries.Select(d => d.Envelope.GetProperty("message")).Where(m => m.GetProperty("commentId").GetGuid() == commentId)
                .Select(m => m.GetProperty("body").GetString()));
    }

    [Fact]
    public void A_notes_markup_becomes_the_text_its_reader_saw()
    {
        Assert.Equal("", NoteText.ToPlainText(null));
        Assert.Equal("one\ntwo", NoteText.ToPlainText("one<br/>two"));
        Assert.Equal("#rivers and @ana", NoteText.ToPlainText("""<a href="https://m.example/tags/rivers" rel="tag">#<span>rivers</span></a> and <a href="https://m.example/@ana">@ana</a>"""));
        Assert.Equal("a link javascript", NoteText.ToPlainText("""a <a href="javascript:alert(1)">link</a> <img src=x onerror=alert(1)>javascript"""));
        Assert.Equal("<b>not markup</b>", NoteText.ToPlainText("&lt;b&gt;not markup&lt;/b&gt;"));
    }

    [Fact]
    public async Task Discovery_answers_what_servers_ask_and_refuses_what_is_not_an_account_here()
    {
        var blogger = await platform.BloggerAsync();

        var (status, jrd) = await platform.SendAsync(HttpMethod.Get, $"/.well-known/webfinger?resource={Uri.EscapeDataString(FederationFixture.ActorOf(blogger))}", null);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal($"acct:{blogger.Username}@{FederationFixture.Host}", jrd.GetProperty("subject").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await platform.SendAsync(HttpMethod.Get, "/.well-known/webfinger", null)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await platform.SendAsync(HttpMethod.Get, "/.well-known/webfinger?resource=acct:nobody-here@" + FederationFixture.Host, null)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await platform.SendAsync(HttpMethod.Get, $"/.well-known/webfinger?resource=acct:{blogger.Username}@elsewhere.example", null)).Status);

        var (_, links) = await platform.SendAsync(HttpMethod.Get, "/.well-known/nodeinfo", null);
        var nodeInfo = links.GetProperty("links")[0].GetProperty("href").GetString()!;
        var (_, node) = await platform.SendAsync(HttpMethod.Get, new Uri(nodeInfo).PathAndQuery, null);
        Assert.Equal("2.1", node.GetProperty("version").GetString());
        Assert.Contains("activitypub", node.GetProperty("protocols").EnumerateArray().Select(p => p.GetString()));
        Assert.True(node.GetProperty("usage").GetProperty("users").GetProperty("total").GetInt32() >= 1);

        // A browser asking for the actor is sent to the author page; an unknown account is a 404.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var page = await browser.GetAsync(FederationFixture.ActorOf(blogger));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal($"{FederationFixture.Site}/blog/{blogger.Username}", page.Headers.Location?.ToString());
        using var unknown = await platform.Client.SendAsync(ActivityRequest(HttpMethod.Get, "/users/nobody-here"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_blocked_domain_loses_its_follows_and_can_deliver_nothing()
    {
        var blogger = await platform.BloggerAsync();
        await platform.FollowedByPeerAsync(blogger);
        var admin = await platform.AdminTokenAsync();
        var reader = await platform.RegisterAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.SendAsync(HttpMethod.Put, "/api/federation/blocks/127.0.0.1", reader.Token)).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await platform.SendAsync(HttpMethod.Put, "/api/federation/blocks/not a host", admin)).Status);

        // What the server's accounts gave is taken back with the block: a reply here.
        var post = FederationFixture.Post(blogger, "Before the block");
        await platform.PublishAndAwaitAsync(post);
        await using var received = await ExchangeSubscriber.StartAsync(platform.Broker, nameof(RemoteCommentReceived));
        await using var withdrawn = await ExchangeSubscriber.StartAsync(platform.Broker, nameof(RemoteCommentDeleted));
        var noteId = await Peer.ReplyAsync(FederationFixture.ActorOf(blogger), FederationFixture.ArticleOf(post.PostId), "<p>Soon blocked</p>");
        var reply = await received.WaitForAsync(m => m.GetProperty("noteId").GetString() == noteId, "RemoteCommentReceived");

        var (status, block) = await platform.SendAsync(HttpMethod.Put, "/api/federation/blocks/127.0.0.1", admin);
        try
        {
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("127.0.0.1", block.GetProperty("domain").GetString());
            Assert.Equal(0, await platform.FollowersAsync(blogger));
            await withdrawn.WaitForAsync(m => m.GetProperty("commentId").GetGuid() == reply.GetProperty("commentId").GetGuid(), "RemoteCommentDeleted");

            // The peer's next Follow is refused (Fedify reports the failed delivery and its status).
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => Peer.FollowAsync(FederationFixture.ActorOf(blogger)));
            Assert.Contains("403", refused.Message);
            Assert.Equal(0, await platform.FollowersAsync(blogger));
            var (_, list) = await platform.SendAsync(HttpMethod.Get, "/api/federation/blocks", admin);
            Assert.Contains("127.0.0.1", list.GetProperty("blocks").EnumerateArray().Select(b => b.GetProperty("domain").GetString()));
        }
        finally
        {
            Assert.Equal(HttpStatusCode.NoContent, (await platform.SendAsync(HttpMethod.Delete, "/api/federation/blocks/127.0.0.1", admin)).Status);
        }
        await platform.FollowedByPeerAsync(blogger);
    }

    static HttpRequestMessage ActivityRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.ParseAdd("application/activity+json");
        return request;
    }

    static HttpRequestMessage Delivery(string inbox, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(FederationFixture.Site), inbox))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/activity+json"),
        };
        return request;
    }
}
