using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Blog.Identity.Infrastructure;
using Blog.TestSupport;

namespace Blog.Identity.Tests;

public sealed class IdentityFixture() : ServiceFixture<IdentityDbContext>("identitydb", new Dictionary<string, string?>
{
    ["BLOG_ADMIN_PASSWORD"] = AdminPassword,
    ["BLOG_ADMIN_EMAIL"] = "root@blog.example",
})
{
    public const string AdminPassword = "admin-password-for-tests";

    /// Registers a fresh account and returns its name, email, password and token.
    public async Task<Account> RegisterAsync(string? username = null)
    {
        username ??= $"user{Guid.NewGuid():N}"[..20];
        var account = new Account(username, $"{username}@example.com", "correct horse battery", "");
        using var response = await Client.PostAsJsonAsync("/api/users", new { user = new { account.Username, account.Email, account.Password } });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return account with { Token = body.GetProperty("user").GetProperty("token").GetString()! };
    }

    public async Task<string> LoginAsync(string email, string password)
    {
        using var response = await Client.PostAsJsonAsync("/api/users/login", new { user = new { email, password } });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("token").GetString()!;
    }
}

public sealed record Account(string Username, string Email, string Password, string Token);

public sealed class IdentityHealthTests(IdentityFixture fixture)
    : ServiceHealthTests<IdentityDbContext>(fixture, "identitydb", "redis", "masstransit-bus"), IClassFixture<IdentityFixture>;
