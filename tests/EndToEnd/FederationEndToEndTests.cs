using System.Net;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Blog.Contracts;
using Blog.Federation.Infrastructure;
using Blog.Messaging;
using Blog.TestSupport;
using Blog.Topology;
using Microsoft.EntityFrameworkCore;

namespace Blog.EndToEnd;

/// The fediverse's way in, through the gateway: WebFinger, the actor for ActivityPub clients and the
/// author page for browsers, an inbox that refuses the unsigned, and the handle in the post page's author box.
/// A fediverse server (Fedify, not our code) beside the platform follows a blogger through the gateway, and its
/// reply and like come back into the site through Federation, Comments and Moderation.
[Collection(PlatformCollection.Name)]
public sealed class FederationEndToEndTests(PlatformFixture platform)
{
    /// The platform's public address: its gateway's, which the AppHost gives the services as the site's base.
    static readonly string Site = Ports.SiteOnThisMachine(Ports.EndToEnd.Gateway!.Value);
    static readonly string Host = new Uri(Site).Authority;

    [Fact]
    public async Task A_fediverse_server_follows_a_blogger_gets_the_post_and_its_reply_edit_and_like_come_back_into_the_site()
    {
        await using var peer = new FediversePeer(Ports.EndToEndFediversePeer);
        await peer.StartAsync();
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var acct = $"acct:{blogger.Username}@{Host}";
        // WebFinger through the gateway, then the actor, as a Mastodon server finds an account (once Federation knows it).
        var found = await Eventually.ReturnsAsync(() => peer.DiscoverAsync(acct), f => f.GetProperty("status").GetInt32() == 200, $"the peer to find {acct}");
        var actor = found.GetProperty("id").GetString()!;
        Assert.Equal($"{Site}/users/{blogger.Username}", actor);

        // The follow is delivered signed to the gateway (its Host is the site's) and verified; the Accept comes back signed.
        var followId = (await peer.FollowAsync(actor)).GetProperty("followId").GetString()!;
        await Eventually.ReturnsAsync(() => peer.ReceivedAsync("Accept", followId), a => a.Count == 1, "the peer to receive the Accept");

        var (status, written) = await platform.SendAsync(HttpMethod.Post, "/api/articles", blogger.Token,
            new { article = new { title = "Read from afar", description = "Federated", body = "Tell me what you think." } });
        Assert.Equal(HttpStatusCode.Created, status);
        var slug = written.GetProperty("article").GetProperty("slug").GetString()!;
        var article = $"{Site}/ap/posts/{written.GetProperty("article").GetProperty("id").GetGuid()}";
        var create = (await Eventually.ReturnsAsync(() => peer.ReceivedAsync("Create", article), a => a.Count == 1, "the peer to receive the post")).Single();
        Assert.Equal("Read from afar", FediversePeer.Text(create.GetProperty("object"), "name"));
        Assert.Equal($"{Site}/articles/{slug}", FediversePeer.Text(create.GetProperty("object"), "url"));

        // A reply as the follower's server sends it becomes a comment under the peer's handle; one with links waits for a moderator.
        var handle = $"@peer@{new Uri(peer.Origin).Authority}";
        var reply = await peer.ReplyAsync(actor, article, "<p>Thoughtful, <b>thank you</b></p>");
        var linky = await peer.ReplyAsync(actor, article, "<p>See https://a.example https://b.example https://c.example</p>");
        var page = await Eventually.ReturnsAsync(() => platform.Gateway.GetStringAsync($"/articles/{slug}"),
            html => html.Contains("Thoughtful, thank you", StringComparison.Ordinal), "the reply in the post page");
        Assert.Contains($"""<a href="{peer.Origin}/@peer" rel="nofollow ugc" class="remote-author">A Fedify peer</a>""", page, StringComparison.Ordinal);
        Assert.Contains(handle, page, StringComparison.Ordinal);
        var admin = await Accounts.LoginAsync(platform.Gateway, PlatformFixture.AdminEmail, PlatformFixture.AdminPassword);
        var held = await Eventually.ReturnsAsync(async () => (await platform.SendAsync(HttpMethod.Get, "/api/moderation/queue?limit=100", admin)).Body
                .GetProperty("cases").EnumerateArray().FirstOrDefault(c => c.GetProperty("comment").GetProperty("body").GetString()!.StartsWith("See https://a.example", StringComparison.Ordinal)),
            c => c.ValueKind == JsonValueKind.Object, $"the reply with links ({linky}) in the moderation queue");
        Assert.Equal(handle.TrimStart('@'), held.GetProperty("comment").GetProperty("author").GetProperty("username").GetString());
        Assert.DoesNotContain("See https://a.example", await platform.Gateway.GetStringAsync($"/articles/{slug}"), StringComparison.Ordinal);

        // Edited on its server: the page shows the new text.
        await peer.EditNoteAsync(actor, reply, "<p>Thoughtful, thank you again</p>");
        await Eventually.ReturnsAsync(() => platform.Gateway.GetStringAsync($"/articles/{slug}"),
            html => html.Contains("Thoughtful, thank you again", StringComparison.Ordinal), "the edited reply in the post page");

        // Its like is counted with the post's likes.
        await peer.LikeAsync(actor, article);
        await Eventually.TrueAsync(async () => (await platform.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", null)).Body
            .GetProperty("article").GetProperty("favoritesCount").GetInt32() == 1, "the like to be counted");

        // Followed, then not: the site's follower list says so.
        async Task<int> FollowersAsync() => (await platform.SendAsync(HttpMethod.Get, $"/api/federation/users/{blogger.Username}/followers", null)).Body
            .GetProperty("followersCount").GetInt32();
        Assert.Equal(1, await FollowersAsync());
        await peer.UndoFollowAsync(actor);
        await Eventually.TrueAsync(async () => await FollowersAsync() == 0, "the undone follow to end");
    }

    [Fact]
    public async Task A_blogger_is_found_and_read_as_an_actor_through_the_gateway_and_the_site_shows_the_handle()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);

        var jrd = await Eventually.ReturnsAsync(async () =>
        {
            using var response = await platform.Gateway.GetAsync($"/.well-known/webfinger?resource=acct:{blogger.Username}@{Host}");
            return response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : default;
        }, found => found.ValueKind == JsonValueKind.Object, $"WebFinger to find {blogger.Username}");
        var self = jrd.GetProperty("links").EnumerateArray().Single(link => link.GetProperty("rel").GetString() == "self").GetProperty("href").GetString();
        Assert.Equal($"{Site}/users/{blogger.Username}", self);

        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/users/{blogger.Username}"))
        {
            request.Headers.Accept.ParseAdd("application/activity+json");
            using var response = await platform.Gateway.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var person = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("Person", person.RootElement.GetProperty("type").GetString());
            Assert.Equal($"{Site}/inbox", person.RootElement.GetProperty("endpoints").GetProperty("sharedInbox").GetString());
            Assert.StartsWith("-----BEGIN PUBLIC KEY-----", person.RootElement.GetProperty("publicKey").GetProperty("publicKeyPem").GetString());
        }

        using (var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = platform.Gateway.BaseAddress })
        using (var page = await browser.GetAsync($"/users/{blogger.Username}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Equal($"{Site}/blog/{blogger.Username}", page.Headers.Location?.ToString());
        }

        using (var unsigned = await platform.Gateway.PostAsync("/inbox", new StringContent(
            $$"""{"type":"Follow","actor":"https://mastodon.example/users/someone","object":"{{self}}"}""", System.Text.Encoding.UTF8, "application/activity+json")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        }

        var (status, body) = await platform.SendAsync(HttpMethod.Post, "/api/articles", blogger.Token,
            new { article = new { title = "Followable from afar", description = "Federated", body = "The body." } });
        Assert.Equal(HttpStatusCode.Created, status);
        var post = await platform.Gateway.GetStringAsync($"/articles/{body.GetProperty("article").GetProperty("slug").GetString()}");
        Assert.Contains($"@{blogger.Username}@{Host}", post);
    }

    /// Writes the event into Federation's outbox exactly as its inbox does for a verified reply; the running
    /// Federation relays it.
    async Task AnnounceAsync(RemoteCommentReceived reply)
    {
        var connectionString = await platform.App.GetConnectionStringAsync(PlatformServices.Federation.Database);
        await using var db = new FederationDbContext(new DbContextOptionsBuilder<FederationDbContext>()
            .UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);
        db.AddIntegrationEvent(reply.PostId.ToString(), reply);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_reply_from_the_fediverse_shows_in_the_post_page_under_its_handle_and_one_with_links_waits_for_a_moderator()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var (status, written) = await platform.SendAsync(HttpMethod.Post, "/api/articles", blogger.Token,
            new { article = new { title = "Answered from afar", description = "Federated", body = "Tell me." } });
        Assert.Equal(HttpStatusCode.Created, status);
        var slug = written.GetProperty("article").GetProperty("slug").GetString()!;
        var postId = written.GetProperty("article").GetProperty("id").GetGuid();
        await Eventually.TrueAsync(async () => (await platform.SendAsync(HttpMethod.Get, $"/api/articles/{slug}/comments", null)).Status == HttpStatusCode.OK,
            "Comments to know the post");

        var author = Guid.NewGuid();
        RemoteCommentReceived Reply(string body) => new(Guid.CreateVersion7(), postId, null, author, "https://social.example/users/ana", "@ana@social.example",
            "Ana from afar", "https://social.example/@ana", body, $"https://social.example/notes/{Guid.NewGuid()}", DateTimeOffset.UtcNow);
        var kind = Reply("What a read, thank you");
        var linky = Reply("Buy at https://a.example https://b.example https://c.example");
        await AnnounceAsync(kind);
        await AnnounceAsync(linky);

        var page = await Eventually.ReturnsAsync(() => platform.Gateway.GetStringAsync($"/articles/{slug}"),
            html => html.Contains("What a read, thank you", StringComparison.Ordinal), "the reply in the post page");
        Assert.Contains("""<a href="https://social.example/@ana" rel="nofollow ugc" class="remote-author">Ana from afar</a>""", page, StringComparison.Ordinal);
        Assert.Contains("@ana@social.example", page, StringComparison.Ordinal);

        // An account Moderation never saw is as new as can be: its links wait for a moderator, like a new reader's.
        var admin = await Accounts.LoginAsync(platform.Gateway, "admin@blog.local", PlatformFixture.AdminPassword);
        var held = await Eventually.ReturnsAsync(async () => (await platform.SendAsync(HttpMethod.Get, "/api/moderation/queue?limit=100", admin)).Body
                .GetProperty("cases").EnumerateArray().FirstOrDefault(c => c.GetProperty("comment").GetProperty("id").GetGuid() == linky.CommentId),
            c => c.ValueKind == JsonValueKind.Object, "the linky reply's case");
        Assert.Equal("ana@social.example", held.GetProperty("comment").GetProperty("author").GetProperty("username").GetString());
        // The moderation page names it by its handle, with no suspension offered (its server can be blocked instead).
        using var staff = await SiteBrowser.SignedInAsync(platform, PlatformFixture.AdminEmail, PlatformFixture.AdminPassword);
        // Its page of the queue (oldest first: other tests' cases may come before it).
        var moderation = "";
        for (var number = 1; number <= 20 && !moderation.Contains("Buy at https://a.example", StringComparison.Ordinal); number++)
            moderation = await staff.GetStringAsync($"/moderation?page={number}");
        var caseHtml = moderation[moderation.IndexOf("Buy at https://a.example", StringComparison.Ordinal)..];
        caseHtml = caseHtml[..caseHtml.IndexOf("</li>", StringComparison.Ordinal)];
        Assert.Contains("""<span class="handle">@ana@social.example</span>""", caseHtml, StringComparison.Ordinal);
        Assert.Contains("an admin can block its server", caseHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Suspend", caseHtml, StringComparison.Ordinal);
        var thread = await Eventually.ReturnsAsync(async () => (await platform.SendAsync(HttpMethod.Get, $"/api/articles/{slug}/comments", null)).Body,
            t => t.GetProperty("comments").GetArrayLength() == 1, "the held reply to leave the thread");
        Assert.Equal(kind.CommentId, thread.GetProperty("comments")[0].GetProperty("uuid").GetGuid());
    }

    [Fact]
    public async Task The_author_page_lists_followers_from_the_fediverse_by_handle()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var connectionString = await platform.App.GetConnectionStringAsync(PlatformServices.Federation.Database);
        await using var db = new FederationDbContext(new DbContextOptionsBuilder<FederationDbContext>()
            .UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);
        var local = await Eventually.ReturnsAsync(() => db.ActorNamedAsync(blogger.Username, CancellationToken.None), a => a is not null, "Federation to know the account");

        // A follow as Federation keeps it once accepted: the remote account's copy and the follow.
        var actorId = $"https://social.example/users/reader-{Guid.NewGuid():N}";
        db.RemoteActors.Add(new Blog.Federation.Model.RemoteActor
        {
            Id = actorId, Inbox = actorId + "/inbox", KeyId = actorId + "#main-key", PublicKeyPem = "-", Username = "reader", Host = "social.example",
            Name = "A <b>reader</b> afar", Url = "https://social.example/@reader", FetchedAt = DateTimeOffset.UtcNow,
        });
        db.Followers.Add(new Blog.Federation.Model.Follower { LocalUserId = local!.UserId, ActorId = actorId, FollowId = actorId + "#follow", FollowedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();

        var page = await platform.Gateway.GetStringAsync($"/blog/{blogger.Username}");
        Assert.Contains("1 follower on the fediverse", page, StringComparison.Ordinal);
        Assert.Contains("""<a href="https://social.example/@reader" rel="nofollow ugc">A &lt;b&gt;reader&lt;/b&gt; afar</a> <span class="handle">@reader@social.example</span>""",
            page, StringComparison.Ordinal);
        Assert.Contains($"@{blogger.Username}@{Host}", page, StringComparison.Ordinal);
    }
}
