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

    public HttpRequestMessage Request(HttpMethod method, string path, string? token, object? body = null, string scheme = "Token")
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue(scheme, token);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    public async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? token, object? body = null, string scheme = "Token")
    {
        using var request = Request(method, path, token, body, scheme);
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }
}

public sealed record Account(string Username, string Email, string Password, string Token);

public sealed class IdentityHealthTests(IdentityFixture fixture)
    : ServiceHealthTests<IdentityDbContext>(fixture, "identitydb", "redis", "masstransit-bus"), IClassFixture<IdentityFixture>;
