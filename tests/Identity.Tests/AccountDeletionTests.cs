using System.Net;
using Blog.TestSupport;

namespace Blog.Identity.Tests;

/// An owner deletes the account: it is gone, every token of it refused, `UserDeleted` tells the other
/// services, and the username is free. A stolen old token cannot do it, and the last admin cannot.
public sealed class AccountDeletionTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    [Fact]
    public async Task Deleting_the_account_removes_it_ends_every_session_and_publishes_UserDeleted()
    {
        await using var subscriber = await ExchangeSubscriber.StartAsync(fixture.Broker, "UserDeleted");
        var account = await fixture.RegisterAsync();
        var otherDevice = await fixture.LoginAsync(account.Email, account.Password);

        var (status, _) = await fixture.SendAsync(HttpMethod.Delete, "/api/user", account.Token);

        Assert.Equal(HttpStatusCode.NoContent, status);
        var message = await subscriber.WaitForAsync(m => m.GetProperty("userId").GetGuid() == account.Id, "UserDeleted");
        Assert.Equal(account.Username, message.GetProperty("username").GetString());
        Assert.DoesNotContain(account.Email, message.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Get, "/api/user", account.Token)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Get, "/api/user", otherDevice)).Status);
        // Refused before any handler looks the account up, as every other service refuses it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Post, "/api/user/logout", otherDevice)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/profiles/{account.Username}", null)).Status);
        var (login, _) = await fixture.SendAsync(HttpMethod.Post, "/api/users/login", null,
            new { user = new { email = account.Email, password = account.Password } });
        Assert.Equal(HttpStatusCode.Unauthorized, login);
        Assert.Equal(0L, await fixture.Database!.ScalarAsync<long>("SELECT count(*) FROM users WHERE id = $1", account.Id));

        var successor = await Accounts.RegisterAsync(fixture.Client, account.Username);
        Assert.NotEqual(account.Id, successor.Id);
    }

    [Fact]
    public async Task A_follow_goes_with_the_account_on_either_side()
    {
        var blogger = await fixture.RegisterAsync();
        var reader = await fixture.RegisterAsync();
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Post, $"/api/profiles/{blogger.Username}/follow", reader.Token)).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.SendAsync(HttpMethod.Delete, "/api/user", reader.Token)).Status);

        Assert.Equal(0L, await fixture.Database!.ScalarAsync<long>("SELECT count(*) FROM follows WHERE follower_id = $1", reader.Id));
    }

    [Fact]
    public async Task Deleting_long_after_signing_in_needs_the_current_password()
    {
        var account = await fixture.RegisterAsync();
        var stale = await fixture.TokenSignedInAgoAsync(account.Id, TimeSpan.FromHours(2));

        var (without, refusal) = await fixture.SendAsync(HttpMethod.Delete, "/api/user", stale);
        var (wrong, _) = await fixture.SendAsync(HttpMethod.Delete, "/api/user", stale, new { user = new { currentPassword = "a guess at it" } });

        Assert.Equal(HttpStatusCode.Forbidden, without);
        Assert.True(refusal.GetProperty("errors").TryGetProperty("currentPassword", out _), refusal.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, wrong);
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Get, "/api/user", account.Token)).Status);

        var (confirmed, _) = await fixture.SendAsync(HttpMethod.Delete, "/api/user", stale, new { user = new { currentPassword = account.Password } });
        Assert.Equal(HttpStatusCode.NoContent, confirmed);
    }

    [Fact]
    public async Task The_only_admin_cannot_delete_the_account_until_there_is_another()
    {
        var admin = await fixture.LoginAsync("root@blog.example", IdentityFixture.AdminPassword);

        var (refused, problem) = await fixture.SendAsync(HttpMethod.Delete, "/api/user", admin);

        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.True(problem.GetProperty("errors").TryGetProperty("user", out _), problem.ToString());
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Get, "/api/user", admin)).Status);

        var successor = await fixture.RegisterAsync();
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Put, $"/api/admin/users/{successor.Username}/roles/admin", admin)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.SendAsync(HttpMethod.Delete, "/api/user", admin)).Status);
    }
}
