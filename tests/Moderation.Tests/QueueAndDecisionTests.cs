using System.Net;
using Blog.Contracts;
using Blog.TestSupport;

namespace Blog.Moderation.Tests;

public sealed class QueueAndDecisionTests(ModerationFixture fixture) : IClassFixture<ModerationFixture>
{
    /// A comment reported by `reporters` readers whose accounts are `accountAge` old (two days: established).
    async Task<CommentCreated> ReportedAsync(int reporters, TimeSpan? accountAge = null)
    {
        var comment = await fixture.CommentAsync("You are all idiots");
        await fixture.StoredAsync(comment.AuthorId, 1);
        var readers = Enumerable.Range(0, reporters).Select(_ => Guid.NewGuid()).ToList();
        foreach (var reader in readers)
        {
            await fixture.PublishAsync(new UserRegistered(reader, $"reader-{reader:N}"[..30], "Reader", "", null, DateTimeOffset.UtcNow - (accountAge ?? TimeSpan.FromDays(2))));
        }
        await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>("SELECT count(*) FROM known_users WHERE user_id = ANY($1)", readers.ToArray()) == reporters,
            "Moderation to know the reporters");
        for (var i = 0; i < reporters; i++)
        {
            await fixture.PublishAsync(new CommentReported(comment.CommentId, comment.PostId, readers[i], $"reporter{i}", "abuse", i == 0 ? "rude" : null, DateTimeOffset.UtcNow));
        }
        return comment;
    }

    [Fact]
    public async Task Reports_from_fresh_accounts_queue_a_comment_but_do_not_hide_it()
    {
        await using var held = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(CommentHeld));
        var fresh = await ReportedAsync(3, accountAge: TimeSpan.FromMinutes(5));
        var marker = await ReportedAsync(3);

        await held.WaitForAsync(m => m.GetProperty("commentId").GetGuid() == marker.CommentId, "the established readers' reports to hold their comment");
        var waiting = await fixture.CaseOfAsync(fresh.CommentId, c => c.GetProperty("reports").GetArrayLength() == 3);
        Assert.False(waiting.GetProperty("holding").GetBoolean());
        Assert.DoesNotContain(held.Deliveries, d => d.Envelope.GetProperty("message").GetProperty("commentId").GetGuid() == fresh.CommentId);
    }

    [Fact]
    public async Task Reports_from_three_distinct_readers_hold_the_comment_and_fewer_only_queue_it()
    {
        await using var held = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(CommentHeld));
        var twice = await ReportedAsync(2);
        var thrice = await ReportedAsync(3);

        var verdict = await held.WaitForAsync(m => m.GetProperty("commentId").GetGuid() == thrice.CommentId, "CommentHeld after 3 reports");
        Assert.Equal("reported by 3 readers", verdict.GetProperty("reason").GetString());
        var holding = await fixture.CaseOfAsync(thrice.CommentId);
        Assert.Equal("reports", holding.GetProperty("openedBy").GetString());
        Assert.Equal(3, holding.GetProperty("reports").GetArrayLength());
        Assert.Equal("rude", holding.GetProperty("reports")[0].GetProperty("text").GetString());
        var waiting = await fixture.CaseOfAsync(twice.CommentId, c => c.GetProperty("reports").GetArrayLength() == 2);
        Assert.False(waiting.GetProperty("holding").GetBoolean());
        Assert.DoesNotContain(held.Deliveries, d => d.Envelope.GetProperty("message").GetProperty("commentId").GetGuid() == twice.CommentId);
    }

    [Fact]
    public async Task A_moderator_approves_a_held_comment_once_and_it_is_audited()
    {
        await using var approved = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(CommentApproved));
        var moderator = await fixture.ModeratorAsync();
        var comment = await ReportedAsync(3);
        var held = await fixture.CaseOfAsync(comment.CommentId, c => c.GetProperty("holding").GetBoolean());
        var caseId = held.GetProperty("id").GetGuid();

        var (status, decided) = await fixture.SendAsync(HttpMethod.Post, $"/api/moderation/cases/{caseId}/approve", moderator.Token, new { decision = new { reason = "robust but fair" } });
        var again = await fixture.SendAsync(HttpMethod.Post, $"/api/moderation/cases/{caseId}/reject", moderator.Token, new { decision = new { reason = "changed my mind" } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("approved", decided.GetProperty("case").GetProperty("status").GetString());
        Assert.Equal(moderator.Username, decided.GetProperty("case").GetProperty("decidedBy").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        var verdict = await approved.WaitForAsync(m => m.GetProperty("commentId").GetGuid() == comment.CommentId, "CommentApproved");
        Assert.Equal(2, verdict.GetProperty("revision").GetInt32());
        Assert.Equal(moderator.Username, verdict.GetProperty("approvedBy").GetString());
        Assert.DoesNotContain(await fixture.QueueAsync(), c => c.GetProperty("id").GetGuid() == caseId);
        var audit = await fixture.AuditAsync($"caseId={caseId}");
        Assert.Equal(["approved", "held", "case-opened"], audit.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal("robust but fair", audit[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_moderator_rejects_with_a_reason_and_the_verdict_goes_to_Comments()
    {
        await using var rejected = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(CommentRejected));
        var moderator = await fixture.ModeratorAsync();
        var comment = await ReportedAsync(1);
        var caseId = (await fixture.CaseOfAsync(comment.CommentId)).GetProperty("id").GetGuid();

        var blank = await fixture.SendAsync(HttpMethod.Post, $"/api/moderation/cases/{caseId}/reject", moderator.Token, new { decision = new { reason = " " } });
        var (status, _) = await fixture.SendAsync(HttpMethod.Post, $"/api/moderation/cases/{caseId}/reject", moderator.Token, new { decision = new { reason = "abuse" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, blank.Status);
        Assert.Equal(HttpStatusCode.OK, status);
        var verdict = await rejected.WaitForAsync(m => m.GetProperty("commentId").GetGuid() == comment.CommentId, "CommentRejected");
        Assert.Equal(caseId, verdict.GetProperty("caseId").GetGuid());
        Assert.Equal("abuse", verdict.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Only_moderators_and_admins_reach_moderation_and_bad_requests_are_4xx()
    {
        var reader = await fixture.RegisterAsync();
        var moderator = await fixture.ModeratorAsync();
        var admin = await fixture.AdminTokenAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Get, "/api/moderation/queue", null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.SendAsync(HttpMethod.Get, "/api/moderation/queue", reader.Token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.SendAsync(HttpMethod.Post, $"/api/moderation/cases/{Guid.NewGuid()}/approve", reader.Token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.SendAsync(HttpMethod.Get, "/api/moderation/audit", reader.Token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.SendAsync(HttpMethod.Put, "/api/moderation/rules", moderator.Token, new { rules = new { maxLinks = 5 } })).Status);
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Get, "/api/moderation/rules", moderator.Token)).Status);
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Get, "/api/moderation/queue", admin)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Post, $"/api/moderation/cases/{Guid.NewGuid()}/approve", moderator.Token)).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await fixture.SendAsync(HttpMethod.Get, "/api/moderation/queue?limit=-1", moderator.Token)).Status);

        foreach (var bad in new object[]
        {
            new { rules = new { maxLinks = -1 } },
            new { rules = new { reportThreshold = 0 } },
            new { rules = new { floodPerMinute = 0 } },
            new { rules = new { blockedWords = new[] { new { word = " ", action = "hold" } } } },
            new { rules = new { blockedWords = new[] { new { word = "x", action = "explode" } } } },
            new { rules = (object?)null },
            new { },
        })
        {
            var (status, body) = await fixture.SendAsync(HttpMethod.Put, "/api/moderation/rules", admin, bad);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.True(body.TryGetProperty("errors", out _));
        }
        Assert.Equal(2, (await fixture.SendAsync(HttpMethod.Get, "/api/moderation/rules", admin)).Body.GetProperty("rules").GetProperty("maxLinks").GetInt32());
    }

    [Fact]
    public async Task The_audit_log_cannot_be_changed_even_from_inside_the_database()
    {
        await using var connection = new Npgsql.NpgsqlConnection(fixture.Database!.ConnectionString);
        await connection.OpenAsync();
        await using (var insert = new Npgsql.NpgsqlCommand("INSERT INTO audit_log (at, actor, action, reason) VALUES (now(), 'test', 'note', 'x')", connection))
        {
            await insert.ExecuteNonQueryAsync();
        }

        foreach (var sql in new[] { "UPDATE audit_log SET reason = 'rewritten'", "DELETE FROM audit_log", "TRUNCATE audit_log" })
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }
    }
}
