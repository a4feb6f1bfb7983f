using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Blog.TestSupport;

namespace Blog.EndToEnd;

/// The server-rendered site through the gateway, as a browser without JavaScript uses it: plain GETs and form POSTs.
[Collection(PlatformCollection.Name)]
public sealed partial class SiteEndToEndTests(PlatformFixture platform)
{

    HttpClient Browser() => SiteBrowser.Open(platform);

    async Task<string> PublishedPostAsync(TestAccount blogger, string title, params string[] tags)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles")
        {
            Content = JsonContent.Create(new { article = new { title, description = "For the site", body = "The **body** of the post.", tagList = tags } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", blogger.Token);
        using var response = await platform.Gateway.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var slug = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("article").GetProperty("slug").GetString()!;
        await Eventually.TrueAsync(async () => (await platform.Gateway.GetAsync($"/api/articles/{slug}/comments")).StatusCode == HttpStatusCode.OK,
            "Comments to know the post");
        return slug;
    }

    /// Submits a form of `page` (the first one whose handler matches) with the page's antiforgery token.
    static Task<HttpResponseMessage> SubmitAsync(HttpClient browser, string page, string action, Dictionary<string, string> fields) =>
        SiteBrowser.SubmitAsync(browser, page, action, fields);

    [Fact]
    public async Task A_visitor_reads_a_post_page_with_everything_a_readers_blog_shows()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var slug = await PublishedPostAsync(blogger, "A post for visitors", "e2e-site", "reading");
        using var browser = Browser();

        using var response = await browser.GetAsync($"/articles/{slug}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>A post for visitors</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/blog/{blogger.Username}\"", html, StringComparison.Ordinal);
        Assert.Contains("<time datetime=", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/tag/e2e-site\"", html, StringComparison.Ordinal);
        Assert.Matches("Viewed (1 time|([02-9]|[1-9][0-9,]+) times)<", html);
        Assert.Contains("Popularity 0", html, StringComparison.Ordinal);
        Assert.Contains("Like 0", html, StringComparison.Ordinal);
        Assert.Contains("Shake hands 0", html, StringComparison.Ordinal);
        Assert.Contains("Friends who just made a statement (0 Person)", html, StringComparison.Ordinal);
        Assert.Contains("mailto:?subject=", html, StringComparison.Ordinal);
        Assert.Contains("https://twitter.com/intent/tweet?url=", html, StringComparison.Ordinal);
        Assert.Contains("<p>The <strong>body</strong> of the post.</p>", html, StringComparison.Ordinal);
        Assert.Contains("Opinions of the writer in this blog don&#x27;t represent those of the site.", html, StringComparison.Ordinal);
        Assert.Contains("Comment (0 comments)", html, StringComparison.Ordinal);
        Assert.Contains("You need to login to comment", html, StringComparison.Ordinal);
        Assert.Contains("Recent comments", html, StringComparison.Ordinal);
        Assert.Contains("Star bloggers", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);

        using var missing = await browser.GetAsync("/articles/no-such-post-at-all");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("Page not found", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reader_registers_comments_replies_reacts_and_reports_with_plain_forms()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var slug = await PublishedPostAsync(blogger, "A post to discuss");
        using var reader = Browser();
        var username = $"reader{Guid.NewGuid():N}"[..20];

        using var registered = await SubmitAsync(reader, "/register", "/register", new()
        {
            ["Username"] = username, ["Email"] = $"{username}@example.com", ["Password"] = "correct horse battery",
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Contains(username, await reader.GetStringAsync("/"), StringComparison.Ordinal);

        var page = $"/articles/{slug}";
        // A refused comment is shown as refused: the form again, with the service's message, nothing posted.
        using var blank = await SubmitAsync(reader, page, $"{page}?handler=Comment", new() { ["body"] = "   " });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, blank.StatusCode);
        var refusedPage = await blank.Content.ReadAsStringAsync();
        Assert.Contains("can&#x27;t be blank", refusedPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Your comment is posted.", refusedPage, StringComparison.Ordinal);
        Assert.Contains("Comment (0 comments)", await reader.GetStringAsync(page), StringComparison.Ordinal);

        using var commented = await SubmitAsync(reader, page, $"{page}?handler=Comment", new() { ["body"] = "First! :)" });
        Assert.Equal(HttpStatusCode.Redirect, commented.StatusCode);
        var html = await reader.GetStringAsync(page);
        Assert.Contains("Your comment is posted.", html, StringComparison.Ordinal);
        Assert.Contains("First! 😃", html, StringComparison.Ordinal);
        var commentId = Regex.Match(html, "id=\"comment-([0-9]+)\"").Groups[1].Value;

        var replyPage = $"{page}?replyTo={commentId}";
        Assert.Contains("Your reply to", await reader.GetStringAsync(replyPage), StringComparison.Ordinal);
        using var replied = await SubmitAsync(reader, replyPage, $"{page}?handler=Comment", new() { ["body"] = "Replying to myself", ["parentId"] = commentId });
        Assert.Equal(HttpStatusCode.Redirect, replied.StatusCode);

        using var liked = await SubmitAsync(reader, page, $"{page}?handler=React", new() { ["kind"] = "like", ["undo"] = "false" });
        Assert.Equal(HttpStatusCode.Redirect, liked.StatusCode);

        // The author box's button follows and unfollows; the page right after shows the change (asked of Identity),
        // and later pages too (the article's own word, from Posts' copy of the follows).
        const string unfollowButton = "<button type=\"submit\">Unfollow</button>";
        const string followButton = "<button type=\"submit\">Follow</button>";
        Assert.Contains(followButton, await reader.GetStringAsync(page), StringComparison.Ordinal);
        using var followed = await SubmitAsync(reader, page, $"{page}?handler=Follow", new() { ["username"] = blogger.Username, ["undo"] = "false" });
        Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
        html = await reader.GetStringAsync(page);
        Assert.Contains($"You follow {blogger.Username}.", html, StringComparison.Ordinal);
        Assert.Contains(unfollowButton, html, StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => (await reader.GetStringAsync(page)).Contains(unfollowButton, StringComparison.Ordinal), "later pages to show the follow");
        using var unfollowed = await SubmitAsync(reader, page, $"{page}?handler=Follow", new() { ["username"] = blogger.Username, ["undo"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, unfollowed.StatusCode);
        Assert.Contains(followButton, await reader.GetStringAsync(page), StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => (await reader.GetStringAsync(page)).Contains(followButton, StringComparison.Ordinal), "later pages to show the unfollow");
        using var reported = await SubmitAsync(reader, $"{page}?report={commentId}", $"{page}?handler=Report",
            new() { ["commentId"] = commentId, ["reason"] = "off-topic" });
        Assert.Equal(HttpStatusCode.Redirect, reported.StatusCode);

        html = await reader.GetStringAsync(page);
        Assert.Contains("Replying to myself", html, StringComparison.Ordinal);
        Assert.Contains("class=\"comment depth-1", html, StringComparison.Ordinal);
        Assert.Contains("Like 1", html, StringComparison.Ordinal);
        Assert.Contains("Friends who just made a statement (1 Person)", html, StringComparison.Ordinal);
        Assert.Contains("a moderator will look at this comment", html, StringComparison.Ordinal);
        Assert.DoesNotContain("You need to login to comment", html, StringComparison.Ordinal);

        using var loggedOut = await SubmitAsync(reader, "/", "/logout", []);
        Assert.Equal(HttpStatusCode.Redirect, loggedOut.StatusCode);
        Assert.Contains("You need to login to comment", await reader.GetStringAsync(page), StringComparison.Ordinal);
    }

    Task<HttpClient> SignedInBrowserAsync(string email, string password) => SiteBrowser.SignedInAsync(platform, email, password);

    [Fact]
    public async Task A_reader_deletes_the_account_in_the_settings_and_what_it_wrote_leaves_every_service()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var othersPost = await PublishedPostAsync(blogger, "A post the leaver reacted to");
        var leaving = await Accounts.RegisterAsync(platform.Gateway);
        var ownPost = await PublishedPostAsync(leaving, "A post that goes with its author");
        var ownPostId = (await platform.SendAsync(HttpMethod.Get, $"/api/articles/{ownPost}", null)).Body.GetProperty("article").GetProperty("id").GetGuid();
        var (uploaded, image) = await platform.UploadAsync(leaving.Token, TestImages.Jpeg(300, 200, seed: 77), ownPostId);
        Assert.Equal(HttpStatusCode.Created, uploaded);
        var file = image.GetProperty("media").GetProperty("url").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await platform.SendAsync(HttpMethod.Post, $"/api/articles/{othersPost}/comments", leaving.Token,
            new { comment = new { body = "Words that go with me" } })).Status);
        Assert.Equal(HttpStatusCode.OK, (await platform.SendAsync(HttpMethod.Post, $"/api/articles/{othersPost}/favorite", leaving.Token)).Status);
        using var browser = await SignedInBrowserAsync(leaving.Email, leaving.Password);

        using var wrong = await SubmitAsync(browser, "/settings", "/settings?handler=DeleteAccount", new() { ["DeletePassword"] = "not my password" });
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Contains("currentPassword is invalid", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await platform.SendAsync(HttpMethod.Get, $"/api/profiles/{leaving.Username}", null)).Status);

        using var deleted = await SubmitAsync(browser, "/settings", "/settings?handler=DeleteAccount", new() { ["DeletePassword"] = leaving.Password });
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Contains("Your account is deleted.", await deleted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var settingsAfter = await browser.GetAsync("/settings");
        Assert.NotEqual(HttpStatusCode.OK, settingsAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.SendAsync(HttpMethod.Get, "/api/user", leaving.Token)).Status);

        // Read as a visitor does, through the gateways' cache: every service has let go within moments.
        await Eventually.TrueAsync(async () =>
            (await platform.SendAsync(HttpMethod.Get, $"/api/articles/{ownPost}", null)).Status == HttpStatusCode.NotFound
            && (await platform.SendAsync(HttpMethod.Get, $"/api/profiles/{leaving.Username}", null)).Status == HttpStatusCode.NotFound
            && (await platform.SendAsync(HttpMethod.Get, $"/api/articles/{othersPost}/comments", null)).Body.GetProperty("commentsCount").GetInt32() == 0
            && (await platform.SendAsync(HttpMethod.Get, $"/api/articles/{othersPost}", null)).Body.GetProperty("article").GetProperty("favoritesCount").GetInt32() == 0
            && (await platform.Gateway.GetAsync(file)).StatusCode == HttpStatusCode.NotFound,
            "the account's post, profile, comment, like and image to be gone");
    }

    [Fact]
    public async Task A_reply_to_a_readers_comment_shows_in_their_notifications_once_and_is_marked_read()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var reader = await Accounts.RegisterAsync(platform.Gateway);
        var replier = await Accounts.RegisterAsync(platform.Gateway);
        var slug = await PublishedPostAsync(blogger, "A post that brings readers back");
        var (_, first) = await platform.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", reader.Token,
            new { comment = new { body = "What do you all think?" } });
        var parent = first.GetProperty("comment").GetProperty("id").GetInt64();
        var (_, reply) = await platform.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", replier.Token,
            new { comment = new { body = "I think it is fine.", parentId = parent } });
        var replyId = reply.GetProperty("comment").GetProperty("id").GetInt64();
        using var browser = await SignedInBrowserAsync(reader.Email, reader.Password);

        await Eventually.ReturnsAsync(() => browser.GetStringAsync("/"), html => html.Contains("Notifications (1)", StringComparison.Ordinal),
            "the reply to reach the reader's header");
        var page = await browser.GetStringAsync("/notifications");
        Assert.Contains($"{replier.Username} replied to your comment on “A post that brings readers back”", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/articles/{slug}#comment-{replyId}\"", page, StringComparison.Ordinal);
        Assert.Contains("I think it is fine.", page, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(page, "class=\"unread\""));
        // The blogger hears of both comments on the post, the replier of nothing (its own reply).
        var (_, bloggers) = await platform.SendAsync(HttpMethod.Get, "/api/notifications", blogger.Token);
        Assert.Equal(2, bloggers.GetProperty("unreadCount").GetInt32());
        Assert.Equal(0, (await platform.SendAsync(HttpMethod.Get, "/api/notifications", replier.Token)).Body.GetProperty("notificationsCount").GetInt32());

        using var marked = await SubmitAsync(browser, "/notifications", "/notifications?handler=Read", []);
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        var after = await browser.GetStringAsync("/notifications");
        Assert.DoesNotContain("class=\"unread\"", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Notifications (", after, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await Browser().GetAsync("/notifications")).StatusCode);
    }

    [Fact]
    public async Task A_reader_confirms_an_address_gets_one_mail_for_a_reply_and_stops_the_mail_in_one_click()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var reader = await Accounts.RegisterAsync(platform.Gateway);
        var slug = await PublishedPostAsync(blogger, "A post worth an e-mail");
        using var browser = await SignedInBrowserAsync(reader.Email, reader.Password);

        // The account's e-mail is offered; saving it (every kind as offered) sends a confirmation link.
        var settingsPage = await browser.GetStringAsync("/notifications/settings");
        Assert.Contains($"value=\"{reader.Email}\"", settingsPage, StringComparison.Ordinal);
        var offered = new Dictionary<string, string> { ["Address"] = reader.Email };
        foreach (Match radio in Regex.Matches(settingsPage, "name=\"(Preferences\\[[a-z-]+\\])\" value=\"([a-z]+)\" checked")) offered[radio.Groups[1].Value] = radio.Groups[2].Value;
        Assert.Equal(10, offered.Count);
        using var saved = await SubmitAsync(browser, "/notifications/settings", "/notifications/settings", offered);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var confirmation = Assert.Single(await MailsAsync(reader, 1));
        var link = new Uri(Regex.Match(confirmation.TextBody ?? "", "https?://\\S+/api/notifications/mail/confirm\\?token=[0-9a-f]+").Value);
        using var confirmed = await browser.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.EndsWith("/notifications/settings?confirmed=true", confirmed.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Contains("Your address is confirmed", await browser.GetStringAsync("/notifications/settings?confirmed=true"), StringComparison.Ordinal);

        var (_, first) = await platform.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", reader.Token, new { comment = new { body = "Mail me the answers" } });
        await platform.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", blogger.Token,
            new { comment = new { body = "Here is my answer.", parentId = first.GetProperty("comment").GetProperty("id").GetInt64() } });

        var mails = await MailsAsync(reader, 2);
        var answer = mails[1];
        Assert.Equal($"{blogger.Username} replied to your comment on “A post worth an e-mail”", answer.Subject);
        Assert.Contains("Here is my answer.", answer.TextBody, StringComparison.Ordinal);
        Assert.Contains("Here is my answer.", answer.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", answer.Headers["List-Unsubscribe-Post"]);

        // The mail client's one-click unsubscribe: a POST through the gateway, no sign-in, no form token.
        var unsubscribe = new Uri((answer.Headers["List-Unsubscribe"] ?? "").Trim('<', '>'));
        using var stop = await platform.Gateway.PostAsync(unsubscribe.PathAndQuery,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        var after = await browser.GetStringAsync("/notifications/settings");
        Assert.Equal(9, Regex.Count(after, "value=\"off\" checked"));
        Assert.Equal(2, (await platform.Mail.MailsToAsync(reader.Email)).Count);
    }

    async Task<IReadOnlyList<MimeKit.MimeMessage>> MailsAsync(TestAccount reader, int count)
    {
        var raw = await Eventually.ReturnsAsync(() => platform.Mail.MailsToAsync(reader.Email), mails => mails.Count >= count,
            $"{count} mail(s) to {reader.Email}");
        return [.. raw.Select(mail => MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(mail))))];
    }

    [Fact]
    public async Task Staff_take_a_post_down_and_lift_a_suspension_from_the_site_and_the_author_sees_why()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var reader = await Accounts.RegisterAsync(platform.Gateway);
        var slug = await PublishedPostAsync(blogger, "A post staff will take down");
        using var admin = await SignedInBrowserAsync(PlatformFixture.AdminEmail, PlatformFixture.AdminPassword);
        using var author = await SignedInBrowserAsync(blogger.Email, blogger.Password);

        using var takenDown = await SubmitAsync(admin, $"/articles/{slug}", "/moderation?handler=TakeDown",
            new() { ["slug"] = slug, ["reason"] = "Repeats a rumour as fact" });
        Assert.Equal(HttpStatusCode.Redirect, takenDown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Browser().GetAsync($"/articles/{slug}")).StatusCode);
        var drafts = await author.GetStringAsync("/drafts");
        Assert.Contains("Taken down by the moderators", drafts, StringComparison.Ordinal);
        Assert.Contains("Repeats a rumour as fact", drafts, StringComparison.Ordinal);
        Assert.Contains($"id=\"taken-down-{slug}\"", await admin.GetStringAsync("/moderation"), StringComparison.Ordinal);

        using var restored = await SubmitAsync(admin, "/moderation", "/moderation?handler=Restore", new() { ["slug"] = slug });
        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Browser().GetAsync($"/articles/{slug}")).StatusCode);

        // Moderation learns of the reader from Identity's event.
        await Eventually.TrueAsync(async () =>
        {
            using var suspended = await SubmitAsync(admin, "/moderation", "/moderation?handler=Suspend",
                new() { ["username"] = reader.Username, ["duration"] = "1d", ["reason"] = "Spam links" });
            return suspended.StatusCode == HttpStatusCode.Redirect;
        }, "the suspension to be accepted");
        Assert.Contains($"id=\"suspension-{reader.Username}\"", await admin.GetStringAsync("/moderation"), StringComparison.Ordinal);
        Assert.Contains("Lift suspension", await admin.GetStringAsync($"/blog/{reader.Username}"), StringComparison.Ordinal);
        Assert.DoesNotContain("Lift suspension", await author.GetStringAsync($"/blog/{reader.Username}"), StringComparison.Ordinal);

        using var lifted = await SubmitAsync(admin, "/moderation", "/moderation?handler=Lift", new() { ["username"] = reader.Username });
        Assert.Equal(HttpStatusCode.Redirect, lifted.StatusCode);
        await Eventually.TrueAsync(async () =>
        {
            using var login = await platform.Gateway.PostAsJsonAsync("/api/users/login", new { user = new { email = reader.Email, password = reader.Password } });
            return login.StatusCode == HttpStatusCode.OK;
        }, "the reader to sign in again");
    }

    [Fact]
    public async Task The_home_page_lists_the_latest_posts_with_the_sites_boxes()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        await PublishedPostAsync(blogger, "Fresh on the home page");
        using var browser = Browser();

        var html = await browser.GetStringAsync("/");

        Assert.Contains("Fresh on the home page", html, StringComparison.Ordinal);
        Assert.Contains("Popular posts", html, StringComparison.Ordinal);
        Assert.Contains("Categories", html, StringComparison.Ordinal);
        Assert.Contains("Recent comments", html, StringComparison.Ordinal);
        Assert.Contains("Announcement", html, StringComparison.Ordinal);
        Assert.DoesNotContain("unavailable right now", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_appears_on_its_authors_tag_and_search_pages_and_in_the_feed()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var word = $"zebra{Guid.NewGuid():N}"[..16];
        var slug = await PublishedPostAsync(blogger, $"Listed {word}", word);
        using var browser = Browser();

        var author = await browser.GetStringAsync($"/blog/{blogger.Username}");
        var tag = await browser.GetStringAsync($"/tag/{word}");
        var search = await Eventually.ReturnsAsync(() => browser.GetStringAsync($"/search?q={word}"),
            html => html.Contains($"/articles/{slug}", StringComparison.Ordinal), "the search to find the post");
        var feed = await browser.GetStringAsync($"/feed.xml?tag={word}");

        Assert.Contains($"href=\"/articles/{slug}\"", author, StringComparison.Ordinal);
        Assert.Contains($"href=\"/feed.xml?author={blogger.Username}\"", author, StringComparison.Ordinal);
        Assert.Contains($"<h1>Tag: {word}</h1>", tag, StringComparison.Ordinal);
        Assert.Contains($"href=\"/articles/{slug}\"", tag, StringComparison.Ordinal);
        Assert.Contains($"Search: {word}", search, StringComparison.Ordinal);
        Assert.Contains($"/articles/{slug}", feed, StringComparison.Ordinal);
        using var unknownAuthor = await browser.GetAsync("/blog/nobody-by-this-name");
        Assert.Equal(HttpStatusCode.NotFound, unknownAuthor.StatusCode);
    }
}
