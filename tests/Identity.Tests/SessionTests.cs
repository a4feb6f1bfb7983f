using System.Net;
using Blog.Identity.Infrastructure;
using Blog.Identity.Model;
using Blog.ServiceDefaults.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Blog.Identity.Tests;

/// Tokens can be revoked: a password change, a role change and "log out everywhere" end every older
/// token; logging out ends one session; changing credentials long after signing in needs the password.
public sealed class SessionTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    Task<HttpStatusCode> StatusWithAsync(string token) => fixture.SendAsync(HttpMethod.Get, "/api/user", token).ContinueWith(t => t.Result.Status);

    [Fact]
    public async Task A_password_change_ends_every_other_session_and_the_changer_goes_on_with_a_new_token()
    {
        var account = await fixture.RegisterAsync();
        var otherDevice = await fixture.LoginAsync(account.Email, account.Password);

        var (status, body) = await fixture.SendAsync(HttpMethod.Put, "/api/user", account.Token, new { user = new { password = "a brand new password" } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(otherDevice));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(account.Token));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(body.GetProperty("user").GetProperty("token").GetString()!));
    }

    [Fact]
    public async Task Changing_the_email_or_password_long_after_signing_in_needs_the_current_password()
    {
        var account = await fixture.RegisterAsync();
        var stale = await fixture.TokenSignedInAgoAsync(account.Id, TimeSpan.FromHours(2));

        var (without, refusal) = await fixture.SendAsync(HttpMethod.Put, "/api/user", stale, new { user = new { email = $"new-{account.Email}" } });
        var (wrong, _) = await fixture.SendAsync(HttpMethod.Put, "/api/user", stale, new { user = new { password = "stolen token password", currentPassword = "a guess at it" } });
        var (bio, _) = await fixture.SendAsync(HttpMethod.Put, "/api/user", stale, new { user = new { bio = "Profile changes need no password" } });
        var (confirmed, _) = await fixture.SendAsync(HttpMethod.Put, "/api/user", stale, new { user = new { email = $"new-{account.Email}", currentPassword = account.Password } });

        Assert.Equal(HttpStatusCode.Forbidden, without);
        Assert.True(refusal.GetProperty("errors").TryGetProperty("currentPassword", out _));
        Assert.Equal(HttpStatusCode.Forbidden, wrong);
        Assert.Equal(HttpStatusCode.OK, bio);
        Assert.Equal(HttpStatusCode.OK, confirmed);
    }

    [Fact]
    public async Task Logging_out_ends_that_session_only_and_log_out_everywhere_ends_them_all()
    {
        var account = await fixture.RegisterAsync();
        var laptop = await fixture.LoginAsync(account.Email, account.Password);
        var phone = await fixture.LoginAsync(account.Email, account.Password);

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.SendAsync(HttpMethod.Post, "/api/user/logout", laptop)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(laptop));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(phone));

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.SendAsync(HttpMethod.Post, "/api/user/logout-everywhere", phone)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(phone));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(account.Token));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(await fixture.LoginAsync(account.Email, account.Password)));
    }

    [Fact]
    public async Task A_role_change_ends_the_accounts_tokens()
    {
        var account = await fixture.RegisterAsync();
        var admin = await fixture.LoginAsync("root@blog.example", IdentityFixture.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Put, $"/api/admin/users/{account.Username}/roles/moderator", admin)).Status);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(account.Token));
    }

    [Fact]
    public async Task A_refreshed_token_keeps_its_session_and_expires_within_a_day()
    {
        var account = await fixture.RegisterAsync();

        var (_, body) = await fixture.SendAsync(HttpMethod.Get, "/api/user", account.Token);
        var original = new JsonWebToken(account.Token);
        var refreshed = new JsonWebToken(body.GetProperty("user").GetProperty("token").GetString()!);

        Assert.Equal(original.GetClaim(BlogClaims.Session).Value, refreshed.GetClaim(BlogClaims.Session).Value);
        Assert.Equal(original.GetClaim(BlogClaims.AuthTime).Value, refreshed.GetClaim(BlogClaims.AuthTime).Value);
        Assert.True(refreshed.ValidTo - refreshed.IssuedAt <= TimeSpan.FromDays(1));
        // A session is refreshed for 30 days at the most; then its holder signs in again.
        await using var scope = fixture.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Users.SingleAsync(u => u.Id == account.Id);
        Assert.Null(fixture.Services.GetRequiredService<TokenIssuer>().IssueFor(user, new SignInSession("old", DateTimeOffset.UtcNow.AddDays(-31))));
    }

    [Fact]
    public async Task The_revocation_list_is_rebuilt_from_the_database_after_Redis_lost_it()
    {
        var account = await fixture.RegisterAsync();
        var old = await fixture.LoginAsync(account.Email, account.Password);
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.SendAsync(HttpMethod.Post, "/api/user/logout-everywhere", old)).Status);
        var redis = fixture.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>().GetDatabase();
        await redis.KeyDeleteAsync(AccountRevocations.StampKey(account.Id.ToString()));

        await fixture.Services.GetRequiredService<RevocationListRebuilder>().RebuildAsync(CancellationToken.None);

        await Blog.TestSupport.Eventually.TrueAsync(async () => await StatusWithAsync(old) == HttpStatusCode.Unauthorized, "the old token to be refused again");
    }
}
