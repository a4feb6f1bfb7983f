using System.Net;
using System.Net.Http.Json;
using Blog.Contracts;
using Blog.ServiceDefaults.Authentication;
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

    [Fact]
    public async Task A_deleted_account_is_forgotten_and_cannot_be_suspended()
    {
        var moderator = await fixture.ModeratorAsync();
        var reader = await fixture.RegisterAsync();
        await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM known_users WHERE user_id = $1", reader.Id) == 1, "Moderation to learn of the account");
        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/user");
        delete.Headers.Authorization = new("Token", reader.Token);
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Identity.Client.SendAsync(delete)).StatusCode);

        await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM known_users WHERE user_id = $1", reader.Id) == 0, "Identity's UserDeleted to reach Moderation");
        var (status, _) = await fixture.SendAsync(HttpMethod.Post, $"/api/moderation/users/{reader.Username}/suspend", moderator.Token,
            new { suspension = new { duration = "1d", reason = "too late" } });
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task A_profile_event_older_than_the_one_applied_does_not_bring_an_old_name_back()
    {
        var moderator = await fixture.ModeratorAsync();
        var reader = await fixture.RegisterAsync();
        var renamed = $"renamed{Guid.NewGuid():N}"[..20];
        using var rename = new HttpRequestMessage(HttpMethod.Put, "/api/user") { Content = JsonContent.Create(new { user = new { username = renamed } }) };
        rename.Headers.Authorization = new("Token", reader.Token);
        (await fixture.Identity.Client.SendAsync(rename)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM known_users WHERE username = $1", renamed) == 1, "the rename to reach Moderation");

        var stale = Guid.NewGuid();
        await fixture.PublishAsync(new UserProfileUpdated(reader.Id, reader.Username, "older", "Reader", "", null, false, DateTimeOffset.UtcNow.AddMinutes(-1)), stale);
        await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM inbox_messages WHERE message_id = $1", stale) == 1, "the stale update to be handled");

        var (status, body) = await fixture.SendAsync(HttpMethod.Post, $"/api/moderation/users/{renamed}/suspend", moderator.Token,
            new { suspension = new { duration = "1d", reason = "testing names" } });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(renamed, body.GetProperty("suspension").GetProperty("username").GetString());
    }
}

/// The staff hierarchy: who may suspend whom, who may lift a suspension, and Identity checking it again.
public sealed class StaffHierarchyTests(ModerationFixture fixture) : IClassFixture<ModerationFixture>
{
    static readonly object OneDay = new { suspension = new { duration = "1d", reason = "testing the hierarchy" } };

    Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> SuspendAsync(string username, string token) =>
        fixture.SendAsync(HttpMethod.Post, $"/api/moderation/users/{username}/suspend", token, OneDay);

    Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> LiftAsync(string username, string token) =>
        fixture.SendAsync(HttpMethod.Delete, $"/api/moderation/users/{username}/suspension", token);

    /// Waits until Moderation knows the account (from Identity's `UserRegistered`).
    Task KnownAsync(TestAccount account) =>
        Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>("SELECT count(*) FROM known_users WHERE user_id = $1", account.Id) == 1,
            $"Moderation to know {account.Username}");

    async Task<HttpStatusCode> LoginStatusAsync(TestAccount account)
    {
        using var login = await fixture.Identity.Client.PostAsJsonAsync("/api/users/login", new { user = new { email = account.Email, password = account.Password } });
        return login.StatusCode;
    }

    [Fact]
    public async Task A_moderator_cannot_suspend_staff_and_an_admin_can_suspend_a_moderator()
    {
        var moderator = await fixture.ModeratorAsync();
        var otherModerator = await fixture.RegisterWithRoleAsync(BlogRoles.Moderator);
        var admin = await fixture.RegisterWithRoleAsync(BlogRoles.Admin);
        await KnownAsync(otherModerator);
        await KnownAsync(admin);

        var (status, body) = await SuspendAsync(admin.Username, moderator.Token);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("staff", body.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await SuspendAsync(otherModerator.Username, moderator.Token)).Status);

        Assert.Equal(HttpStatusCode.OK, (await SuspendAsync(otherModerator.Username, admin.Token)).Status);
        await Eventually.TrueAsync(async () => await LoginStatusAsync(otherModerator) == HttpStatusCode.Forbidden, "Identity to enforce the admin's suspension");
        Assert.Equal(HttpStatusCode.OK, (await LiftAsync(otherModerator.Username, admin.Token)).Status);
        await Eventually.TrueAsync(async () => await LoginStatusAsync(otherModerator) == HttpStatusCode.OK, "Identity to lift the suspension");
    }

    [Fact]
    public async Task Roles_Moderation_never_heard_of_are_asked_of_Identity()
    {
        var moderator = await fixture.ModeratorAsync();
        var admin = await fixture.RegisterWithRoleAsync(BlogRoles.Admin);
        await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM known_users WHERE user_id = $1 AND roles_as_of IS NOT NULL", admin.Id) == 1, "Moderation to learn the admin's roles");
        // As if the roles event had gone out before Moderation's queue existed.
        await fixture.Database!.ScalarAsync<long>("UPDATE known_users SET roles = '{}', roles_as_of = NULL WHERE user_id = $1", admin.Id);

        Assert.Equal(HttpStatusCode.Forbidden, (await SuspendAsync(admin.Username, moderator.Token)).Status);
        Assert.Equal(1, await fixture.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM known_users WHERE user_id = $1 AND 'admin' = ANY(roles)", admin.Id));
    }

    [Fact]
    public async Task Identity_does_not_enforce_a_suspension_of_staff_by_a_moderator()
    {
        var moderator = await fixture.ModeratorAsync();
        var admin = await fixture.RegisterWithRoleAsync(BlogRoles.Admin);
        var messageId = MassTransit.NewId.NextGuid();

        // A suspension Moderation should have refused (its copy of the roles lagging) reaches Identity.
        await fixture.PublishAsync(new UserSuspended(admin.Id, admin.Username, DateTimeOffset.UtcNow.AddDays(1), "rogue", moderator.Username), messageId);
        await Eventually.TrueAsync(async () => await fixture.Identity.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM inbox_messages WHERE message_id = $1", messageId) == 1, "Identity to handle the suspension");

        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync(admin));
    }

    [Fact]
    public async Task A_moderator_lifts_their_own_suspension_and_not_another_moderators()
    {
        var moderator = await fixture.ModeratorAsync();
        var otherModerator = await fixture.RegisterWithRoleAsync(BlogRoles.Moderator);
        var reader = await fixture.RegisterAsync();
        await KnownAsync(reader);
        await using var reinstated = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(UserReinstated));

        Assert.Equal(HttpStatusCode.OK, (await SuspendAsync(reader.Username, moderator.Token)).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await SuspendAsync(reader.Username, otherModerator.Token)).Status);
        await Eventually.TrueAsync(async () => await LoginStatusAsync(reader) == HttpStatusCode.Forbidden, "Identity to enforce the suspension");
        var (_, list) = await fixture.SendAsync(HttpMethod.Get, "/api/moderation/suspensions", otherModerator.Token);
        Assert.Contains(list.GetProperty("suspensions").EnumerateArray(), s => s.GetProperty("username").GetString() == reader.Username);
        var (_, shown) = await fixture.SendAsync(HttpMethod.Get, $"/api/moderation/users/{reader.Username}/suspension", otherModerator.Token);
        Assert.Equal(moderator.Username, shown.GetProperty("suspension").GetProperty("suspendedBy").GetString());

        Assert.Equal(HttpStatusCode.Forbidden, (await LiftAsync(reader.Username, otherModerator.Token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await LiftAsync(reader.Username, (await fixture.RegisterAsync()).Token)).Status);
        Assert.Equal(HttpStatusCode.OK, (await LiftAsync(reader.Username, moderator.Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await LiftAsync(reader.Username, moderator.Token)).Status);

        var message = await reinstated.WaitForAsync(m => m.GetProperty("userId").GetGuid() == reader.Id, "UserReinstated");
        Assert.Equal(moderator.Username, message.GetProperty("reinstatedBy").GetString());
        await Eventually.TrueAsync(async () => await LoginStatusAsync(reader) == HttpStatusCode.OK, "Identity to let the account in again");
        var audit = await fixture.AuditAsync($"userId={reader.Id}");
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "reinstated" && e.GetProperty("actor").GetString() == moderator.Username);
    }

    [Fact]
    public async Task Posts_taken_down_and_restored_are_audited_under_the_author()
    {
        var authorId = Guid.NewGuid();
        var postId = Guid.NewGuid();
        await fixture.PublishAsync(new PostTakenDown(postId, "libel", "Libel", authorId, "writer", "defames someone", "mod1", DateTimeOffset.UtcNow));
        await fixture.PublishAsync(new PostRestored(postId, "libel", authorId, "admin", DateTimeOffset.UtcNow));

        var audit = await Eventually.ReturnsAsync(() => fixture.AuditAsync($"userId={authorId}"), entries => entries.Count == 2, "both decisions audited");
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "post-taken-down" && e.GetProperty("actor").GetString() == "mod1"
            && e.GetProperty("reason").GetString()!.Contains("defames someone", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "post-restored" && e.GetProperty("actor").GetString() == "admin");
    }

    [Theory]
    [InlineData("moderator", "", false, false, true)]
    [InlineData("moderator", "moderator", false, false, false)]
    [InlineData("moderator", "admin", false, false, false)]
    [InlineData("admin", "moderator", false, false, true)]
    [InlineData("admin", "admin", false, false, true)]
    [InlineData("admin", "admin", false, true, false)]
    [InlineData("admin", "", true, false, false)]
    [InlineData("", "", false, false, false)]
    public void The_hierarchy_rule(string actorRole, string targetRole, bool self, bool lastAdmin, bool allowed)
    {
        string[] Roles(string role) => role.Length == 0 ? [] : [role];
        Assert.Equal(allowed, StaffHierarchy.WhyNotSuspend(Roles(actorRole), Roles(targetRole), self, lastAdmin) is null);
    }
}
