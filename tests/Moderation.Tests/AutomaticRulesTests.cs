using System.Net;
using Blog.Contracts;
using Blog.TestSupport;

namespace Blog.Moderation.Tests;

public sealed class AutomaticRulesTests(ModerationFixture fixture) : IClassFixture<ModerationFixture>
{
    [Fact]
    public async Task A_comment_with_too_many_links_is_held_queued_with_its_reasons_and_audited()
    {
        await using var held = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(CommentHeld));
        var comment = await fixture.CommentAsync("Visit http://a.example http://b.example http://c.example");

        var verdict = await held.WaitForAsync(m => m.GetProperty("commentId").GetGuid() == comment.CommentId, "CommentHeld");
        Assert.Equal(1, verdict.GetProperty("revision").GetInt32());
        Assert.Contains("more than 2 links", verdict.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var queued = await fixture.CaseOfAsync(comment.CommentId);
        Assert.True(queued.GetProperty("holding").GetBoolean());
        Assert.Equal("rules", queued.GetProperty("openedBy").GetString());
        Assert.Contains("more than 2 links", queued.GetProperty("ruleReasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(comment.Body, queued.GetProperty("comment").GetProperty("body").GetString());
        Assert.Equal(comment.CommentNumber, queued.GetProperty("comment").GetProperty("number").GetInt64());
        Assert.Equal(1, queued.GetProperty("authorHistory").GetProperty("comments").GetInt32());
        var audit = await fixture.AuditAsync($"commentId={comment.CommentId}");
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "held" && e.GetProperty("actor").GetString() == "rules");
    }

    [Fact]
    public async Task A_redelivered_or_repeated_CommentCreated_opens_one_case_and_a_clean_comment_none()
    {
        var messageId = Guid.NewGuid();
        var clean = await fixture.CommentAsync("Nice post");
        var spammy = await fixture.CommentAsync("http://a.example http://b.example http://c.example", messageId: messageId);
        await fixture.PublishAsync(spammy, messageId);
        await fixture.PublishAsync(spammy);
        await fixture.CaseOfAsync(spammy.CommentId);
        // A marker published after them: once its case is queued, the copies were handled too (or are about to be; the inbox tells).
        var marker = await fixture.CommentAsync("http://d.example http://e.example http://f.example");
        await fixture.CaseOfAsync(marker.CommentId);

        var queue = await fixture.QueueAsync();
        Assert.Single(queue, c => c.GetProperty("comment").GetProperty("id").GetGuid() == spammy.CommentId);
        Assert.DoesNotContain(queue, c => c.GetProperty("comment").GetProperty("id").GetGuid() == clean.CommentId);
        Assert.Empty(await fixture.AuditAsync($"commentId={clean.CommentId}"));
    }

    [Fact]
    public async Task Admins_block_words_and_a_disguised_blocked_word_is_rejected_without_a_case()
    {
        await using var rejected = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(CommentRejected));
        var admin = await fixture.AdminTokenAsync();
        var word = $"spamword{Guid.NewGuid():N}"[..14];
        var (status, rules) = await fixture.SendAsync(HttpMethod.Put, "/api/moderation/rules", admin,
            new { rules = new { blockedWords = new[] { new { word, action = "reject" } } } });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(word, rules.GetProperty("rules").GetProperty("blockedWords")[0].GetProperty("word").GetString());
        Assert.Equal(2, rules.GetProperty("rules").GetProperty("maxLinks").GetInt32());

        var comment = await fixture.CommentAsync($"Try {word.ToUpperInvariant().Replace('A', 'А')} today"); // a Cyrillic А

        var verdict = await rejected.WaitForAsync(m => m.GetProperty("commentId").GetGuid() == comment.CommentId, "CommentRejected");
        Assert.Equal("rules", verdict.GetProperty("rejectedBy").GetString());
        Assert.Contains(word, verdict.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKindNull, verdict.GetProperty("caseId").ValueKind);
        var audit = await fixture.AuditAsync("limit=500");
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "rules-changed");
        await fixture.SendAsync(HttpMethod.Put, "/api/moderation/rules", admin, new { rules = new { blockedWords = Array.Empty<object>() } });
    }

    const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task A_link_is_held_from_an_account_younger_than_a_day_and_not_from_an_older_one()
    {
        await using var held = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(CommentHeld));
        var (older, younger) = (Guid.NewGuid(), Guid.NewGuid());
        await fixture.PublishAsync(new UserRegistered(older, $"older-{older:N}"[..30], "Older", "", null, DateTimeOffset.UtcNow.AddDays(-2)));
        await fixture.PublishAsync(new UserRegistered(younger, $"younger-{younger:N}"[..30], "Younger", "", null, DateTimeOffset.UtcNow.AddHours(-1)));
        await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>("SELECT count(*) FROM known_users WHERE user_id = ANY($1)", new[] { older, younger }) == 2,
            "Moderation to know both accounts");

        var fromOlder = await fixture.CommentAsync("More at https://older.example", older);
        await fixture.StoredAsync(older, 1);
        var fromYounger = await fixture.CommentAsync("More at https://younger.example", younger);

        var verdict = await held.WaitForAsync(m => m.GetProperty("commentId").GetGuid() == fromYounger.CommentId, "the younger account's link held");
        Assert.Contains("a link from an account younger than 24 hours", verdict.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(held.Deliveries, d => d.Envelope.GetProperty("message").GetProperty("commentId").GetGuid() == fromOlder.CommentId);
    }

    [Fact]
    public async Task Flooding_holds_and_the_same_text_again_and_again_is_rejected()
    {
        await using var held = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(CommentHeld));
        await using var rejected = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(CommentRejected));
        var author = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow;
        var comments = new List<CommentCreated>();
        // One at a time, each stored before the next is sent, so each is judged knowing the ones before it.
        for (var i = 0; i < 6; i++)
        {
            comments.Add(await fixture.CommentAsync($"message number {i}", author, at: start.AddSeconds(i)));
            await fixture.StoredAsync(author, i + 1);
        }
        var flooded = await held.WaitForAsync(m => m.GetProperty("commentId").GetGuid() == comments[5].CommentId, "the sixth comment held");
        Assert.Contains("more than 5 comments in a minute", flooded.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(held.Deliveries, d => comments.Take(5).Any(c => c.CommentId == d.Envelope.GetProperty("message").GetProperty("commentId").GetGuid()));

        var spammer = Guid.NewGuid();
        var copies = new List<CommentCreated>();
        for (var i = 0; i < 3; i++)
        {
            copies.Add(await fixture.CommentAsync("Same  old text", spammer, at: start.AddHours(i)));
            await fixture.StoredAsync(spammer, i + 1);
        }
        var spam = await rejected.WaitForAsync(m => m.GetProperty("commentId").GetGuid() == copies[2].CommentId, "the third copy rejected");
        Assert.Contains("the same text posted more than 2 times", spam.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
