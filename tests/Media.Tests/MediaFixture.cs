using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Blog.Identity.Infrastructure;
using Blog.Media.Infrastructure;
using Blog.TestSupport;
using Blog.Topology;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Media.Tests;

/// Media with the real Identity (tokens), broker and database; the sweeper runs often and keeps no grace,
/// so a file no image uses is gone within a second.
public sealed class MediaFixture() : ServiceWithIdentityFixture<MediaDbContext, IdentityDbContext>(PlatformServices.Media.Database, new Dictionary<string, string?>
{
    ["Media:OrphanGrace"] = "00:00:00",
    ["Media:SweepInterval"] = "00:00:00.200",
})
{
    /// Uploads `content` as the multipart field `file` (with the other fields given); returns the status and body.
    public async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(string? token, byte[] content, string fileName = "picture.jpg",
        IReadOnlyDictionary<string, string>? fields = null, string field = "file")
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), field, fileName } };
        foreach (var (name, value) in fields ?? new Dictionary<string, string>()) form.Add(new StringContent(value), name);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/media") { Content = form };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    /// Uploads and expects a 201: the `media` object.
    public async Task<JsonElement> UploadedAsync(string token, byte[] content, IReadOnlyDictionary<string, string>? fields = null)
    {
        var (status, body) = await UploadAsync(token, content, fields: fields);
        Assert.True(status == HttpStatusCode.Created, $"upload answered {status}: {body}");
        return body.GetProperty("media");
    }

    public static string UrlOf(JsonElement media, string variant) =>
        media.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("name").GetString() == variant).GetProperty("url").GetString()!;

    public static IEnumerable<string> UrlsOf(JsonElement media) =>
        media.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("url").GetString()!);

    public async Task<HttpStatusCode> StatusOfFileAsync(string url)
    {
        using var response = await Client.GetAsync(url);
        return response.StatusCode;
    }

    public Task PublishAsync<T>(T message) where T : class =>
        Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = NewId.NextGuid());
}

public sealed class MediaHealthTests(MediaFixture fixture)
    : ServiceHealthTests<MediaDbContext>(fixture, PlatformServices.Media.Database, PlatformResources.Redis, "masstransit-bus"), IClassFixture<MediaFixture>;
