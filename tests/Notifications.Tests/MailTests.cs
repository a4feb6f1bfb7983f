using System.Net;
using System.Text.RegularExpressions;
using Blog.Contracts;
using Blog.TestSupport;
using MimeKit;

namespace Blog.Notifications.Tests;

/// Notification mail through a real SMTP server (smtp4dev): a confirmed address only, plain text and
/// HTML, one-click unsubscribe, the reader's choices per kind, one mail per interval for a flood, the
/// daily digest once a day, nothing lost while the server is down and nothing sent twice.
public sealed partial class MailTests(MailFixture fixture) : IClassFixture<MailFixture>
{
    [GeneratedRegex(@"http://blog\.test/api/notifications/mail/confirm\?token=([0-9a-f]+)")]
    private static partial Regex ConfirmLink();

    static string AddressOf(TestAccount account) => $"{account.Username}@mail.test";

    async Task<IReadOnlyList<MimeMessage>> MailsToAsync(TestAccount account) =>
        [.. (await fixture.Mail.MailsToAsync(AddressOf(account))).Select(raw => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(raw))))];

    Task<IReadOnlyList<MimeMessage>> MailsArrivedAsync(TestAccount account, int count) =>
        Eventually.ReturnsAsync(() => MailsToAsync(account), mails => mails.Count >= count, $"{count} mail(s) to {AddressOf(account)}");

    /// Sets the reader's address and follows the link of the confirmation mail.
    async Task ConfirmedAddressAsync(TestAccount reader)
    {
        var (status, _) = await fixture.SendAsync(HttpMethod.Put, "/api/notifications/mail", reader.Token, new { mail = new { address = AddressOf(reader) } });
        Assert.Equal(HttpStatusCode.OK, status);
        var confirmation = (await MailsArrivedAsync(reader, 1))[0];
        var token = ConfirmLink().Match(confirmation.TextBody ?? "").Groups[1].Value;
        using var browser = fixture.CreateClientWithoutRedirects();
        using var confirm = await browser.GetAsync($"/api/notifications/mail/confirm?token={token}");
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        Assert.Equal($"{MailFixture.SiteUrl}/notifications/settings?confirmed=true", confirm.Headers.Location?.ToString());
    }

    /// Waits until every notification of the reader was dealt with by the mailer and the queue holds nothing unsent for them.
    Task SettledAsync(TestAccount reader) =>
        Eventually.TrueAsync(async () =>
            await fixture.Database!.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE recipient_id = $1 AND mail_handled_at IS NULL", reader.Id) == 0
            && await fixture.Database!.ScalarAsync<long>("SELECT count(*) FROM outgoing_mails WHERE user_id = $1 AND sent_at IS NULL", reader.Id) == 0,
            "the mailer to settle");

    [Fact]
    public async Task A_reply_reaches_a_confirmed_address_once_in_text_and_html_and_one_click_unsubscribe_stops_the_mail()
    {
        var (reader, replier) = (await fixture.RegisterAsync(), await fixture.RegisterAsync());
        await fixture.KnowsAsync(replier);
        await ConfirmedAddressAsync(reader);
        var (_, settings) = await fixture.SendAsync(HttpMethod.Get, "/api/notifications/mail", reader.Token);
        Assert.True(settings.GetProperty("mail").GetProperty("verified").GetBoolean());
        var post = await fixture.PublishedPostAsync(replier, "Mail & <friends>");
        var mine = NotificationsFixture.Comment(post, reader, "My comment");
        await fixture.PublishAsync(mine);

        await fixture.PublishAsync(NotificationsFixture.Comment(post, replier, "A <b>reply</b> to you", mine));

        var mail = (await MailsArrivedAsync(reader, 2))[1];
        await SettledAsync(reader);
        Assert.Equal(2, (await MailsToAsync(reader)).Count);
        Assert.Equal($"{replier.Username} replied to your comment on “Mail & <friends>”", mail.Subject);
        Assert.Contains("A <b>reply</b> to you", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("A &lt;b&gt;reply&lt;/b&gt; to you", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"{MailFixture.SiteUrl}/articles/", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal("notifications@blog.test", mail.From.Mailboxes.Single().Address);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        var unsubscribe = (mail.Headers["List-Unsubscribe"] ?? "").Trim('<', '>');
        Assert.Contains(unsubscribe, mail.TextBody, StringComparison.Ordinal);

        // What a mail client does for "Unsubscribe" (RFC 8058): a POST to that address, no sign-in.
        using var unsubscribed = await fixture.Client.PostAsync(unsubscribe.Replace(MailFixture.SiteUrl, "", StringComparison.Ordinal),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        var (_, after) = await fixture.SendAsync(HttpMethod.Get, "/api/notifications/mail", reader.Token);
        Assert.All(after.GetProperty("mail").GetProperty("preferences").EnumerateObject(), kind => Assert.Equal("off", kind.Value.GetString()));
        await fixture.PublishAsync(NotificationsFixture.Comment(post, replier, "Another reply", mine));
        await fixture.InboxOfAsync(reader, 2);
        await SettledAsync(reader);
        Assert.Equal(2, (await MailsToAsync(reader)).Count);
    }

    [Fact]
    public async Task Nothing_is_mailed_to_an_unconfirmed_address_and_a_wrong_token_confirms_nothing()
    {
        var (reader, witness, replier) = (await fixture.RegisterAsync(), await fixture.RegisterAsync(), await fixture.RegisterAsync());
        await ConfirmedAddressAsync(witness);
        await fixture.SendAsync(HttpMethod.Put, "/api/notifications/mail", reader.Token, new { mail = new { address = AddressOf(reader) } });
        var post = await fixture.PublishedPostAsync(reader);
        var witnessPost = await fixture.PublishedPostAsync(witness);

        using var browser = fixture.CreateClientWithoutRedirects();
        using var wrong = await browser.GetAsync("/api/notifications/mail/confirm?token=0123456789abcdef");
        await fixture.PublishAsync(NotificationsFixture.Comment(post, replier, "Nobody mails this"));
        await fixture.InboxOfAsync(reader, 1);
        // A later notification to a confirmed reader mailed: the mailer has looked at the unconfirmed reader's, and passed.
        await fixture.PublishAsync(NotificationsFixture.Comment(witnessPost, replier, "The witness gets this"));
        await MailsArrivedAsync(witness, 2);
        var (again, _) = await fixture.SendAsync(HttpMethod.Put, "/api/notifications/mail", reader.Token, new { mail = new { address = AddressOf(reader) } });

        Assert.EndsWith("confirmed=false", wrong.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, again);
        Assert.Equal(["Confirm your address for Blog"], (await MailsArrivedAsync(reader, 1)).Select(m => m.Subject));
        Assert.Equal(1L, await fixture.Database!.ScalarAsync<long>("SELECT count(*) FROM outgoing_mails WHERE user_id = $1", reader.Id));
        var (_, settings) = await fixture.SendAsync(HttpMethod.Get, "/api/notifications/mail", reader.Token);
        Assert.False(settings.GetProperty("mail").GetProperty("verified").GetBoolean());
    }

    [Fact]
    public async Task A_flood_of_comments_becomes_at_most_one_mail_per_interval_with_every_comment_once()
    {
        var (blogger, crowd) = (await fixture.RegisterAsync(), await fixture.RegisterAsync());
        await ConfirmedAddressAsync(blogger);
        var post = await fixture.PublishedPostAsync(blogger, "A popular post");

        for (var i = 0; i < 8; i++) await fixture.PublishAsync(NotificationsFixture.Comment(post, crowd, $"Comment number {i} in the flood"));

        await fixture.InboxOfAsync(blogger, 8);
        await SettledAsync(blogger);
        // Sent (accepted by the SMTP server) is not yet listed by its API: wait until the last comment is in a listed mail.
        var mails = (await Eventually.ReturnsAsync(() => MailsToAsync(blogger),
            all => all.Any(m => (m.TextBody ?? "").Contains("Comment number 7 in the flood", StringComparison.Ordinal)), "the flood's last comment in a mail")).Skip(1).ToList();
        Assert.InRange(mails.Count, 1, 2);
        for (var i = 0; i < 8; i++) Assert.Single(mails, m => (m.TextBody ?? "").Contains($"Comment number {i} in the flood", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_readers_choices_decide_what_is_mailed_and_bad_choices_are_refused()
    {
        var (reader, other) = (await fixture.RegisterAsync(), await fixture.RegisterAsync());
        await ConfirmedAddressAsync(reader);

        foreach (var bad in new object[]
        {
            new { mail = new { preferences = new Dictionary<string, string> { ["comment-reply"] = "hourly" } } },
            new { mail = new { preferences = new Dictionary<string, string> { ["gossip"] = "off" } } },
            new { mail = new { address = "not an address" } },
            new { mail = new { isAdmin = true } },
            new { },
        })
        {
            var (status, body) = await fixture.SendAsync(HttpMethod.Put, "/api/notifications/mail", reader.Token, bad);
            Assert.True(status == HttpStatusCode.UnprocessableEntity, $"{status} {body}");
        }
        var (ok, settings) = await fixture.SendAsync(HttpMethod.Put, "/api/notifications/mail", reader.Token,
            new { mail = new { preferences = new Dictionary<string, string> { ["post-comment"] = "off", ["account-suspended"] = "instant" } } });
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal("off", settings.GetProperty("mail").GetProperty("preferences").GetProperty("post-comment").GetString());
        Assert.Equal("daily", settings.GetProperty("mail").GetProperty("preferences").GetProperty("followed-post").GetString());

        var post = await fixture.PublishedPostAsync(reader);
        await fixture.PublishAsync(NotificationsFixture.Comment(post, other, "Not mailed: comments on my posts are off"));
        await fixture.PublishAsync(new UserSuspended(reader.Id, reader.Username, DateTimeOffset.UtcNow.AddDays(1), "Testing the mail", "moderator"));

        var mails = await MailsArrivedAsync(reader, 2);
        await SettledAsync(reader);
        Assert.Equal(2, (await MailsToAsync(reader)).Count);
        Assert.StartsWith("Your account is suspended until", mails[1].Subject, StringComparison.Ordinal);
        Assert.Contains("Testing the mail", mails[1].TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_daily_digest_goes_once_a_day_and_what_comes_after_waits_for_the_next()
    {
        var (follower, blogger) = (await fixture.RegisterAsync(), await fixture.RegisterAsync());
        await fixture.KnowsAsync(blogger);
        await fixture.FollowAsync(follower, blogger);
        await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM known_follows WHERE follower_id = $1", follower.Id) == 1, "the follow to arrive");
        await ConfirmedAddressAsync(follower);

        await fixture.PublishedPostAsync(blogger, "The first post of the day");
        var digest = (await MailsArrivedAsync(follower, 2))[1];
        await fixture.PublishedPostAsync(blogger, "A later post");
        await fixture.InboxOfAsync(follower, 2);

        Assert.StartsWith("Your daily digest from Blog: 1 notification", digest.Subject, StringComparison.Ordinal);
        Assert.Contains("The first post of the day", digest.TextBody, StringComparison.Ordinal);
        var tomorrow = DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1);
        await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE recipient_id = $1 AND mail_handled_at IS NULL AND mail_after = $2", follower.Id,
            new DateTimeOffset(tomorrow, TimeSpan.Zero)) == 1, "the later post to wait for tomorrow's digest");
        Assert.Equal(2, (await MailsToAsync(follower)).Count);
    }

    [Fact]
    public async Task A_deleted_account_leaves_no_address_choice_or_mail_behind()
    {
        var (reader, replier) = (await fixture.RegisterAsync(), await fixture.RegisterAsync());
        await ConfirmedAddressAsync(reader);
        await fixture.SendAsync(HttpMethod.Put, "/api/notifications/mail", reader.Token,
            new { mail = new { preferences = new Dictionary<string, string> { ["mention"] = "daily" } } });
        var post = await fixture.PublishedPostAsync(reader);
        await fixture.PublishAsync(NotificationsFixture.Comment(post, replier, "A comment on the post"));
        await MailsArrivedAsync(reader, 2);

        await fixture.PublishAsync(new UserDeleted(reader.Id, reader.Username, DateTimeOffset.UtcNow));

        await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM mail_addresses WHERE user_id = $1", reader.Id) == 0, "the address to go");
        Assert.Equal(0L, await fixture.Database!.ScalarAsync<long>("SELECT count(*) FROM mail_preferences WHERE user_id = $1", reader.Id));
        Assert.Equal(0L, await fixture.Database!.ScalarAsync<long>("SELECT count(*) FROM outgoing_mails WHERE user_id = $1", reader.Id));
        await fixture.InboxOfAsync(reader, 0);
    }

    [Fact]
    public async Task Mail_written_while_the_mail_server_is_down_arrives_once_when_it_is_back()
    {
        var readers = new List<TestAccount>();
        for (var i = 0; i < 3; i++) readers.Add(await fixture.RegisterAsync());
        var blogger = await fixture.RegisterAsync();
        foreach (var reader in readers) await ConfirmedAddressAsync(reader);
        var post = await fixture.PublishedPostAsync(blogger);
        var comments = readers.Select(r => NotificationsFixture.Comment(post, r, $"Comment by {r.Username}")).ToList();
        foreach (var comment in comments) await fixture.PublishAsync(comment);

        await fixture.Mail.StopAsync();
        try
        {
            foreach (var comment in comments) await fixture.PublishAsync(NotificationsFixture.Comment(post, blogger, "The blogger answers", comment));
            await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>(
                "SELECT count(*) FROM outgoing_mails WHERE user_id = ANY($1) AND sent_at IS NULL AND attempts > 0", readers.Select(r => r.Id).ToArray()) == 3,
                "each reader's mail to have failed at least once");
        }
        finally
        {
            await fixture.Mail.StartAsync();
        }

        foreach (var reader in readers)
        {
            await MailsArrivedAsync(reader, 1);
            await SettledAsync(reader);
            var answer = Assert.Single(await MailsToAsync(reader), m => (m.Subject ?? "").Contains("replied to your comment", StringComparison.Ordinal));
            Assert.Contains("The blogger answers", answer.TextBody, StringComparison.Ordinal);
        }
    }
}
