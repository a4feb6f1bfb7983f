using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Blog.Identity.Tests;

public sealed class LoginTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    [Fact]
    public async Task The_right_password_returns_a_fresh_token_whatever_the_email_case()
    {
        var account = await fixture.RegisterAsync();

        var (status, body) = await fixture.SendAsync(HttpMethod.Post, "/api/users/login", null,
            new { user = new { email = account.Email.ToUpperInvariant(), password = account.Password } });

        Assert.Equal(HttpStatusCode.OK, status);
        var token = body.GetProperty("user").GetProperty("token").GetString();
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Get, "/api/user", token)).Status);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_401()
    {
        var account = await fixture.RegisterAsync();

        var wrong = await fixture.SendAsync(HttpMethod.Post, "/api/users/login", null, new { user = new { email = account.Email, password = "not the password" } });
        var unknown = await fixture.SendAsync(HttpMethod.Post, "/api/users/login", null, new { user = new { email = "nobody@example.com", password = "whatever it is" } });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
        Assert.Equal(wrong.Body.ToString(), unknown.Body.ToString());
    }

    [Fact]
    public async Task Missing_credentials_are_a_422()
    {
        var (status, body) = await fixture.SendAsync(HttpMethod.Post, "/api/users/login", null, new { user = new { email = "" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("password", out _));
    }

    /// A login from a given client address (as the gateway forwards it); status, body and Retry-After.
    async Task<(int Status, string Body, string? RetryAfter)> LoginFromAsync(string client, string email, string password)
    {
        using var http = new HttpClient(fixture.Factory.Server.CreateHandler(context => context.Connection.RemoteIpAddress = IPAddress.Parse(client)))
        {
            BaseAddress = fixture.Factory.Server.BaseAddress,
        };
        using var response = await http.PostAsJsonAsync("/api/users/login", new { user = new { email, password } });
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Wrong_passwords_slow_down_that_client_for_that_email_only_never_the_owner_elsewhere()
    {
        var account = await fixture.RegisterAsync();
        var guesses = new List<int>();
        for (var i = 0; i < 5; i++) guesses.Add((await LoginFromAsync("203.0.113.50", account.Email, $"guess number {i}")).Status);

        var guesserWithTheRightPassword = await LoginFromAsync("203.0.113.50", account.Email, account.Password);
        var owner = await LoginFromAsync("198.51.100.60", account.Email, account.Password);

        Assert.Equal(Enumerable.Repeat(401, 4), guesses.Take(4));
        Assert.Equal(429, guesses[4]);
        Assert.Equal(429, guesserWithTheRightPassword.Status);
        Assert.True(int.Parse(guesserWithTheRightPassword.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture) >= 30);
        Assert.Equal(200, owner.Status);
    }

    [Fact]
    public async Task An_unknown_email_is_answered_and_throttled_exactly_like_a_known_one()
    {
        var account = await fixture.RegisterAsync();
        var known = new List<(int, string)>();
        var unknown = new List<(int, string)>();
        for (var i = 0; i < 6; i++)
        {
            var k = await LoginFromAsync("203.0.113.51", account.Email, $"guess {i}");
            known.Add((k.Status, k.Body));
            var u = await LoginFromAsync("203.0.113.51", $"nobody-{account.Username}@example.com", $"guess {i}");
            unknown.Add((u.Status, u.Body));
        }

        Assert.Equal(known, unknown);
    }

    [Fact]
    public async Task The_seeded_administrator_logs_in_with_the_configured_password_and_holds_the_admin_role()
    {
        var (status, body) = await fixture.SendAsync(HttpMethod.Post, "/api/users/login", null,
            new { user = new { email = "root@blog.example", password = IdentityFixture.AdminPassword } });

        Assert.Equal(HttpStatusCode.OK, status);
        var user = body.GetProperty("user");
        Assert.Equal("admin", user.GetProperty("username").GetString());
        Assert.Equal(["admin"], user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }
}
