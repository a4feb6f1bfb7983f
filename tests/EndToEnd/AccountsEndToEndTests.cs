using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Blog.EndToEnd;

[Collection(PlatformCollection.Name)]
public sealed class AccountsEndToEndTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_reader_registers_logs_in_and_is_recognised_through_the_gateway()
    {
        var username = $"reader{Guid.NewGuid():N}"[..18];
        var email = $"{username}@example.com";

        using var registered = await platform.Gateway.PostAsJsonAsync("/api/users", new { user = new { username, email, password = "a long password" } });
        using var loggedIn = await platform.Gateway.PostAsJsonAsync("/api/users/login", new { user = new { email, password = "a long password" } });
        var token = (await loggedIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/user");
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        using var me = await platform.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, loggedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(username, (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("username").GetString());
    }

    [Fact]
    public async Task The_seeded_administrator_can_log_in_through_the_gateway()
    {
        using var response = await platform.Gateway.PostAsJsonAsync("/api/users/login",
            new { user = new { email = "admin@blog.local", password = PlatformFixture.AdminPassword } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("admin", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }
}
