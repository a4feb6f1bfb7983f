using System.Net.Http.Json;
using System.Text.Json;

namespace Blog.TestSupport;

public sealed record TestAccount(Guid Id, string Username, string Email, string Password, string Token);

/// Accounts made through Identity's public API, as a reader would make them.
public static class Accounts
{
    public static async Task<TestAccount> RegisterAsync(HttpClient identity, string? username = null)
    {
        username ??= $"user{Guid.NewGuid():N}"[..20];
        var email = $"{username}@example.com";
        const string password = "correct horse battery";
        using var response = await identity.PostAsJsonAsync("/api/users", new { user = new { username, email, password } });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("token").GetString()!;
        return new TestAccount(SubjectOf(token), username, email, password, token);
    }

    public static async Task<string> LoginAsync(HttpClient identity, string email, string password)
    {
        using var response = await identity.PostAsJsonAsync("/api/users/login", new { user = new { email, password } });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("token").GetString()!;
    }

    static Guid SubjectOf(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        using var claims = JsonDocument.Parse(Convert.FromBase64String(payload));
        return claims.RootElement.GetProperty("sub").GetGuid();
    }
}
