using System.Net;
using Blog.TestSupport;

namespace Blog.EndToEnd;

/// Images through the gateway: an upload larger than other requests may be, files served from the
/// gateways' memory with their year-long caching, and removed everywhere once their post is deleted.
[Collection(PlatformCollection.Name)]
public sealed class MediaEndToEndTests(PlatformFixture platform)
{
    static async Task<HttpResponseMessage> ReadAsync(HttpClient client, string url, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.ConnectionClose = true;
        request.Headers.AcceptLanguage.ParseAdd(language);
        return await client.SendAsync(request);
    }

    static string CacheOf(HttpResponseMessage response) => response.Headers.TryGetValues("X-Cache", out var values) ? values.Single() : "none";

    [Fact]
    public async Task A_photo_of_megabytes_is_uploaded_and_served_from_the_gateways_memory()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var photo = TestImages.Noise(1400, 1000);
        Assert.True(photo.Length > 1024 * 1024, $"the photo is only {photo.Length} bytes");

        var (status, body) = await platform.UploadAsync(blogger.Token, photo);
        Assert.True(status == HttpStatusCode.Created, $"{status} {body}");
        var url = body.GetProperty("media").GetProperty("url").GetString()!;
        Assert.StartsWith("/media/", url, StringComparison.Ordinal);

        // One entry for every reader: whatever their language, every gateway ends up answering from memory.
        using var visitor = new HttpClient { BaseAddress = platform.Gateway.BaseAddress };
        await Eventually.TrueAsync(async () =>
        {
            foreach (var language in new[] { "en", "zh-CN", "en", "zh-CN" })
            {
                using var response = await ReadAsync(visitor, url, language);
                if (CacheOf(response) != "hit") return false;
            }
            return true;
        }, "the file to be cached on every gateway, one entry for every language");
        using var hit = await ReadAsync(visitor, url, "zh-CN");
        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        Assert.Equal("image/jpeg", hit.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", hit.Headers.CacheControl?.ToString());
        Assert.False(hit.Headers.Contains("Set-Cookie"));
        Assert.Equal((1400, 1000), TestImages.SizeOf(await hit.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Deleting_a_post_removes_its_images_from_every_gateway()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var (created, post) = await platform.SendAsync(HttpMethod.Post, "/api/articles", blogger.Token,
            new { article = new { title = $"Pictures {Guid.NewGuid():N}", description = "With images", body = "Words.", status = "draft" } });
        Assert.Equal(HttpStatusCode.Created, created);
        var article = post.GetProperty("article");
        var (status, body) = await platform.UploadAsync(blogger.Token, TestImages.Jpeg(800, 600, seed: 99), article.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.Created, status);
        var url = body.GetProperty("media").GetProperty("url").GetString()!;

        using var visitor = new HttpClient { BaseAddress = platform.Gateway.BaseAddress };
        await Eventually.TrueAsync(async () =>
        {
            for (var i = 0; i < 4; i++)
            {
                using var response = await ReadAsync(visitor, url, "en");
                if (CacheOf(response) != "hit") return false;
            }
            return true;
        }, "the file to be cached on every gateway");

        Assert.Equal(HttpStatusCode.NoContent, (await platform.SendAsync(HttpMethod.Delete, $"/api/articles/{article.GetProperty("slug").GetString()}", blogger.Token)).Status);
        await Eventually.TrueAsync(async () =>
        {
            for (var i = 0; i < 4; i++)
            {
                using var response = await ReadAsync(visitor, url, "en");
                if (response.StatusCode != HttpStatusCode.NotFound) return false;
            }
            return true;
        }, "the deleted post's image to be gone from every gateway");
    }
}
