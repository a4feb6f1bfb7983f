using System.Net;
using System.Net.Http.Json;
using Blog.Contracts;
using Blog.TestSupport;

namespace Blog.Moderation.Tests;

public sealed class SuspensionTests(ModerationFixture fixture) : IClassFixture<ModerationFixture>
{
    [Fact]
    public async Task A_moderator_suspends_an_account_and_Identity_refuses_its_sign_in()
    {
        await using var suspended = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(UserSuspended));
        var moderator = await fixture.ModeratorAsync();
        var troll = await fixture.RegisterAsync();
        // Moderation learns of the account from Identity's UserRegistered.
        var (status, body) = await Eventually.ReturnsAsync(
            () => fixture.SendAsync(HttpMethod.Post, $"/api/moderation/users/{troll.Username}/suspend", moderator.Token,
                new { suspension = new { duration = "7d", reason = "repeated abuse" } }),
            response => response.Status != HttpStatusCode.NotFound, "Moderation to know the account");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(troll.Username, body.GetProperty("suspension").GetProperty("username").GetString());
        var message = await suspended.WaitForAsync(m => m.GetProperty("userId").GetGuid() == troll.Id, "UserSuspended");
        Assert.Equal(moderator.Username, message.GetProperty("suspendedBy").GetString());
        Assert.True(message.GetProperty("until").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(6));
        await Eventually.TrueAsync(async () =>
        {
            using var login = await fixture.Identity.Client.PostAsJsonAsync("/api/users/login", new { user = new { email = troll.Email, password = troll.Password } });
            return login.StatusCode == HttpStatusCode.Forbidden;
        }, "Identity to refuse the suspended account");
        var audit = await fixture.AuditAsync($"userId={troll.Id}");
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "suspended" && e.GetProperty("actor").GetString() == moderator.Username);
    }

    [Fact]
    public async Task Bad_suspensions_are_refused()
    {
        var moderator = await fixture.ModeratorAsync();
        var reader = await fixture.RegisterAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.SendAsync(HttpMethod.Post, $"/api/moderation/users/{moderator.Username}/suspend", reader.Token,
            new { suspension = new { duration = "1d", reason = "revenge" } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Post, "/api/moderation/users/nobody-at-all/suspend", moderator.Token,
            new { suspension = new { duration = "1d", reason = "x" } })).Status);
        var (status, body) = await fixture.SendAsync(HttpMethod.Post, $"/api/moderation/users/{reader.Username}/suspend", moderator.Token,
            new { suspension = new { duration = "forever", reason = "" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("duration", out _));
        Assert.True(body.GetProperty("errors").TryGetProperty("reason", out _));
    }
}
