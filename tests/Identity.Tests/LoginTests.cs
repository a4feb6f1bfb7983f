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

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var account = await fixture.RegisterAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await fixture.SendAsync(HttpMethod.Post, "/api/users/login", null, new { user = new { email = account.Email, password = $"guess number {i}" } })).Status);
        }

        using var right = await fixture.Client.PostAsJsonAsync("/api/users/login", new { user = new { email = account.Email, password = account.Password } });

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 4), statuses.Take(4));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[4]);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.True(right.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(10));
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
