using System.Net;
using Blog.Contracts;
using Blog.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Identity.Tests;

public sealed class AdminTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    Task<string> AdminTokenAsync() => fixture.LoginAsync("root@blog.example", IdentityFixture.AdminPassword);

    [Fact]
    public async Task Only_an_admin_may_grant_roles_or_feature_bloggers()
    {
        var account = await fixture.RegisterAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.SendAsync(HttpMethod.Put, $"/api/admin/users/{account.Username}/roles/admin", account.Token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.SendAsync(HttpMethod.Put, $"/api/admin/users/{account.Username}/featured", account.Token)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Put, $"/api/admin/users/{account.Username}/featured", null)).Status);
    }

    [Fact]
    public async Task A_granted_role_is_in_the_next_token_and_a_revoked_one_is_gone()
    {
        var account = await fixture.RegisterAsync();
        var admin = await AdminTokenAsync();

        var granted = await fixture.SendAsync(HttpMethod.Put, $"/api/admin/users/{account.Username}/roles/moderator", admin);
        var afterGrant = await fixture.LoginAsync(account.Email, account.Password);
        var me = await fixture.SendAsync(HttpMethod.Get, "/api/user", afterGrant);
        await fixture.SendAsync(HttpMethod.Delete, $"/api/admin/users/{account.Username}/roles/moderator", admin);
        var afterRevoke = await fixture.SendAsync(HttpMethod.Get, "/api/user", await fixture.LoginAsync(account.Email, account.Password));

        Assert.Equal(HttpStatusCode.OK, granted.Status);
        Assert.Equal(["moderator"], me.Body.GetProperty("user").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Empty(afterRevoke.Body.GetProperty("user").GetProperty("roles").EnumerateArray());
    }

    [Fact]
    public async Task An_unknown_role_is_a_422_and_an_unknown_user_a_404()
    {
        var account = await fixture.RegisterAsync();
        var admin = await AdminTokenAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await fixture.SendAsync(HttpMethod.Put, $"/api/admin/users/{account.Username}/roles/emperor", admin)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Put, "/api/admin/users/nobody-at-all/roles/moderator", admin)).Status);
    }

    [Fact]
    public async Task Featured_bloggers_are_listed_for_the_star_bloggers_box()
    {
        var star = await fixture.RegisterAsync();
        var other = await fixture.RegisterAsync();

        await fixture.SendAsync(HttpMethod.Put, $"/api/admin/users/{star.Username}/featured", await AdminTokenAsync());
        var (status, body) = await fixture.SendAsync(HttpMethod.Get, "/api/bloggers?featured=true&limit=100", null);

        Assert.Equal(HttpStatusCode.OK, status);
        var names = body.GetProperty("bloggers").EnumerateArray().Select(b => b.GetProperty("username").GetString()).ToList();
        Assert.Contains(star.Username, names);
        Assert.DoesNotContain(other.Username, names);
        Assert.All(body.GetProperty("bloggers").EnumerateArray(), b => Assert.True(b.GetProperty("featured").GetBoolean()));
        Assert.Equal(names.Count, body.GetProperty("bloggersCount").GetInt32());
    }
}

public sealed class SuspensionTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    [Fact]
    public async Task A_suspended_account_cannot_log_in_and_its_tokens_stop_working_within_a_minute()
    {
        var account = await fixture.RegisterAsync();
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Get, "/api/user", account.Token)).Status);
        var userId = (await fixture.Database!.ScalarAsync<Guid>("SELECT id FROM users WHERE username = $1", account.Username));
        var moderator = await fixture.RegisterAsync();
        var admin = await fixture.LoginAsync("root@blog.example", IdentityFixture.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Put, $"/api/admin/users/{moderator.Username}/roles/moderator", admin)).Status);

        await fixture.Services.GetRequiredService<IBus>().Publish(
            new UserSuspended(userId, account.Username, DateTimeOffset.UtcNow.AddDays(1), "spam", moderator.Username));

        await Eventually.TrueAsync(async () =>
            (await fixture.SendAsync(HttpMethod.Post, "/api/users/login", null, new { user = new { email = account.Email, password = account.Password } })).Status == HttpStatusCode.Forbidden,
            "logins to be refused");
        await Eventually.TrueAsync(async () =>
            (await fixture.SendAsync(HttpMethod.Get, "/api/user", account.Token)).Status == HttpStatusCode.Unauthorized,
            "the existing token to stop working", TimeSpan.FromSeconds(60));
    }
}
