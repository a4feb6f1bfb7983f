using System.Net;
using System.Text.Json;

namespace Blog.Webhooks.Tests;

public sealed class RegistrationTests(WebhooksFixture fixture) : IClassFixture<WebhooksFixture>
{
    [Fact]
    public async Task An_admin_registers_a_webhook_and_sees_its_secret_only_once()
    {
        var url = fixture.Receiver.Endpoint("registered");
        var (status, body) = await fixture.SendAsync(HttpMethod.Post, "/api/webhooks", await fixture.AdminAsync(),
            new { webhook = new { url, events = new[] { "post.published", "post.deleted", "post.published" }, description = "CRM sync" } });

        Assert.Equal(HttpStatusCode.Created, status);
        var created = body.GetProperty("webhook");
        Assert.Equal(url, created.GetProperty("url").GetString());
        Assert.Equal(["post.deleted", "post.published"], created.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("active", created.GetProperty("status").GetString());
        Assert.Equal("admin", created.GetProperty("owner").GetString());
        Assert.True(created.GetProperty("secret").GetString()!.Length >= 32);

        var fetched = await fixture.WebhookAsync(created.GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, fetched.GetProperty("secret").ValueKind);
        Assert.Equal("CRM sync", fetched.GetProperty("description").GetString());
        var (_, list) = await fixture.SendAsync(HttpMethod.Get, "/api/webhooks", await fixture.AdminAsync());
        Assert.Contains(list.GetProperty("webhooks").EnumerateArray(), w => w.GetProperty("id").GetGuid() == created.GetProperty("id").GetGuid());
    }

    [Theory]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://192.168.0.10/hook")]
    [InlineData("http://172.20.0.1:9000/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]:9000/hook")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("http://[::ffff:10.0.0.1]/hook")]
    [InlineData("http://100.64.0.1/hook")]
    public async Task A_url_to_a_private_address_is_refused_at_registration(string url)
    {
        var (status, body) = await fixture.SendAsync(HttpMethod.Post, "/api/webhooks", await fixture.AdminAsync(),
            new { webhook = new { url, events = new[] { "post.published" } } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("private", body.GetProperty("errors").GetProperty("url")[0].GetString());
        var (_, list) = await fixture.SendAsync(HttpMethod.Get, "/api/webhooks", await fixture.AdminAsync());
        Assert.DoesNotContain(list.GetProperty("webhooks").EnumerateArray(), w => w.GetProperty("url").GetString() == url);
    }

    [Theory]
    [InlineData("""{"webhook":{"url":"ftp://example.com/x","events":["post.published"]}}""", "url")]
    [InlineData("""{"webhook":{"url":"http://user:pass@example.com/x","events":["post.published"]}}""", "url")]
    [InlineData("""{"webhook":{"url":"not a url","events":["post.published"]}}""", "url")]
    [InlineData("""{"webhook":{"events":["post.published"]}}""", "url")]
    [InlineData("""{"webhook":{"url":"http://127.0.0.1:9/x","events":["post.exploded"]}}""", "events")]
    [InlineData("""{"webhook":{"url":"http://127.0.0.1:9/x","events":[]}}""", "events")]
    [InlineData("""{"webhook":{"url":"http://127.0.0.1:9/x","events":[null]}}""", "events")]
    [InlineData("""{"webhook":{"url":"http://127.0.0.1:9/x","events":["post.published"],"secret":"short"}}""", "secret")]
    [InlineData("""{"webhook":{"url":"http://127.0.0.1:9/x","events":"post.published"}}""", "body")]
    [InlineData("""{"webhook":""", "body")]
    [InlineData("""{}""", "webhook")]
    public async Task Bad_registrations_are_422_naming_the_field(string json, string field)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Token", await fixture.AdminAsync());
        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("errors").TryGetProperty(field, out _), body.RootElement.ToString());
    }

    [Fact]
    public async Task Only_admins_may_touch_webhooks()
    {
        var reader = await fixture.RegisterAsync();
        var moderator = await fixture.RegisterWithRoleAsync("moderator");
        var input = new { webhook = new { url = fixture.Receiver.Endpoint("not-allowed"), events = new[] { "post.published" } } };

        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Post, "/api/webhooks", null, input)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.SendAsync(HttpMethod.Post, "/api/webhooks", reader.Token, input)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.SendAsync(HttpMethod.Post, "/api/webhooks", moderator.Token, input)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.SendAsync(HttpMethod.Get, "/api/webhooks", reader.Token)).Status);
    }

    [Fact]
    public async Task An_admin_edits_rotates_the_secret_and_deletes_a_webhook()
    {
        var (id, secret) = await fixture.RegisterAsync("edited", ["post.published"]);

        var (status, body) = await fixture.SendAsync(HttpMethod.Put, $"/api/webhooks/{id}", await fixture.AdminAsync(),
            new { webhook = new { events = new[] { "comment.created" }, secret = "a-new-secret-of-enough-length" } });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["comment.created"], body.GetProperty("webhook").GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("a-new-secret-of-enough-length", body.GetProperty("webhook").GetProperty("secret").GetString());
        Assert.NotEqual(secret, body.GetProperty("webhook").GetProperty("secret").GetString());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await fixture.SendAsync(HttpMethod.Put, $"/api/webhooks/{id}", await fixture.AdminAsync(),
            new { webhook = new { url = "http://10.0.0.1/" } })).Status);
        Assert.Equal(fixture.Receiver.Endpoint("edited"), (await fixture.WebhookAsync(id)).GetProperty("url").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.SendAsync(HttpMethod.Delete, $"/api/webhooks/{id}", await fixture.AdminAsync())).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/webhooks/{id}", await fixture.AdminAsync())).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/webhooks/{id}/deliveries", await fixture.AdminAsync())).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Delete, $"/api/webhooks/{id}", await fixture.AdminAsync())).Status);
    }

    [Fact]
    public async Task The_event_catalogue_lists_every_public_event()
    {
        var (_, body) = await fixture.SendAsync(HttpMethod.Get, "/api/webhooks/events", await fixture.AdminAsync());

        Assert.Equal(["post.published", "post.updated", "post.unpublished", "post.deleted", "comment.created", "user.registered", "user.deleted"],
            body.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
    }
}
