using System.Net;
using System.Text;
using Blog.TestSupport;

namespace Blog.Media.Tests;

/// Uploading through the API: what is stored and served, and what is refused.
public sealed class UploadTests(MediaFixture fixture) : IClassFixture<MediaFixture>
{
    [Fact]
    public async Task A_photo_is_stored_in_every_size_at_immutable_addresses()
    {
        var account = await fixture.RegisterAsync();
        var media = await fixture.UploadedAsync(account.Token, TestImages.Jpeg(3000, 2000));

        Assert.Equal((2560, 1707), (media.GetProperty("width").GetInt32(), media.GetProperty("height").GetInt32()));
        Assert.Equal("image/jpeg", media.GetProperty("contentType").GetString());
        Assert.Equal(account.Username, media.GetProperty("owner").GetString());
        var expected = new Dictionary<string, (int, int)> { ["thumb"] = (320, 213), ["column"] = (720, 480), ["column-2x"] = (1440, 960), ["full"] = (2560, 1707) };
        foreach (var variant in media.GetProperty("variants").EnumerateArray())
        {
            var name = variant.GetProperty("name").GetString()!;
            var url = variant.GetProperty("url").GetString()!;
            Assert.Matches("^/media/[0-9a-f]{32}\\.jpg$", url);
            Assert.Equal(expected[name], (variant.GetProperty("width").GetInt32(), variant.GetProperty("height").GetInt32()));

            using var response = await fixture.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal(expected[name], TestImages.SizeOf(await response.Content.ReadAsByteArrayAsync()));

            // A browser asking again with the validator gets a 304.
            using var again = new HttpRequestMessage(HttpMethod.Get, url);
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            using var revalidated = await fixture.Client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        }
        Assert.Equal(expected.Keys.Order(), media.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("name").GetString()!).Order());

        var (status, read) = await fixture.SendAsync(HttpMethod.Get, $"/api/media/{media.GetProperty("id").GetGuid()}", null);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(media.GetProperty("url").GetString(), read.GetProperty("media").GetProperty("url").GetString());
    }

    [Fact]
    public async Task The_same_picture_twice_is_two_images_sharing_their_files()
    {
        var account = await fixture.RegisterAsync();
        var picture = TestImages.Jpeg(900, 600, seed: 7);
        var first = await fixture.UploadedAsync(account.Token, picture);
        var second = await fixture.UploadedAsync(account.Token, picture);
        Assert.NotEqual(first.GetProperty("id").GetGuid(), second.GetProperty("id").GetGuid());
        Assert.Equal(MediaFixture.UrlsOf(first), MediaFixture.UrlsOf(second));
        // Smaller than the column: the column is the picture itself, never enlarged.
        Assert.Equal((720, 480), TestImages.SizeOf(await fixture.Client.GetByteArrayAsync(MediaFixture.UrlOf(first, "column"))));
        Assert.Equal((900, 600), TestImages.SizeOf(await fixture.Client.GetByteArrayAsync(MediaFixture.UrlOf(first, "column-2x"))));
    }

    [Fact]
    public async Task Exif_is_removed_and_its_orientation_applied()
    {
        var account = await fixture.RegisterAsync();
        var upload = TestImages.JpegWithExif(40, 20, orientation: 6);
        Assert.Contains("Exif", Encoding.Latin1.GetString(upload));

        var media = await fixture.UploadedAsync(account.Token, upload);
        Assert.Equal((20, 40), (media.GetProperty("width").GetInt32(), media.GetProperty("height").GetInt32()));
        foreach (var url in MediaFixture.UrlsOf(media))
        {
            var served = Encoding.Latin1.GetString(await fixture.Client.GetByteArrayAsync(url));
            Assert.DoesNotContain("Exif", served);
            Assert.DoesNotContain("Lk!", served);
        }
    }

    [Fact]
    public async Task Transparency_is_kept_as_png_and_other_formats_become_jpeg()
    {
        var account = await fixture.RegisterAsync();
        var transparent = await fixture.UploadedAsync(account.Token, TestImages.Png(64, 64, transparent: true));
        Assert.Equal("image/png", transparent.GetProperty("contentType").GetString());
        Assert.EndsWith(".png", transparent.GetProperty("url").GetString());

        var opaque = await fixture.UploadedAsync(account.Token, TestImages.Png(64, 48, transparent: false));
        Assert.Equal("image/jpeg", opaque.GetProperty("contentType").GetString());
        var webp = await fixture.UploadedAsync(account.Token, TestImages.Webp(50, 30));
        Assert.Equal((50, 30), (webp.GetProperty("width").GetInt32(), webp.GetProperty("height").GetInt32()));
        var gif = await fixture.UploadedAsync(account.Token, TestImages.Gif());
        Assert.Equal((1, 1), (gif.GetProperty("width").GetInt32(), gif.GetProperty("height").GetInt32()));
    }

    [Fact]
    public async Task An_account_picture_is_cropped_square()
    {
        var account = await fixture.RegisterAsync();
        var media = await fixture.UploadedAsync(account.Token, TestImages.Jpeg(300, 200), new Dictionary<string, string> { ["purpose"] = "avatar" });
        Assert.Equal("avatar", media.GetProperty("purpose").GetString());
        Assert.Equal((200, 200), (media.GetProperty("width").GetInt32(), media.GetProperty("height").GetInt32()));
        Assert.Equal((96, 96), TestImages.SizeOf(await fixture.Client.GetByteArrayAsync(MediaFixture.UrlOf(media, "thumb"))));
        Assert.Equal((192, 192), TestImages.SizeOf(await fixture.Client.GetByteArrayAsync(MediaFixture.UrlOf(media, "column"))));
    }

    public static TheoryData<string, byte[], HttpStatusCode, string> Refused => new()
    {
        { "text", Encoding.UTF8.GetBytes("just some words, not an image"), HttpStatusCode.UnsupportedMediaType, "must be a JPEG, PNG, GIF or WebP image" },
        { "svg", Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"), HttpStatusCode.UnsupportedMediaType, "must be a JPEG, PNG, GIF or WebP image" },
        { "html named .png", Encoding.UTF8.GetBytes("<!doctype html><script>alert(1)</script>"), HttpStatusCode.UnsupportedMediaType, "must be a JPEG, PNG, GIF or WebP image" },
        { "cut short", TestImages.Jpeg(400, 300)[..2000], HttpStatusCode.UnprocessableEntity, "carries data after its image" },
        { "damaged inside", Damaged(TestImages.Png(64, 64, transparent: false)), HttpStatusCode.UnprocessableEntity, "could not be decoded" },
        { "decompression bomb", TestImages.PngDeclaring(50_000, 50_000), HttpStatusCode.UnprocessableEntity, "has too many pixels" },
        { "GIF with a ZIP appended (GIFAR)", [.. TestImages.Gif(), .. "PK\u0003\u0004payload"u8.ToArray()], HttpStatusCode.UnprocessableEntity, "carries data after its image" },
        { "script in a PNG's text", TestImages.PngWithText("<script>alert(document.cookie)</script>"), HttpStatusCode.UnprocessableEntity, "hides other content" },
        { "PDF inside a JPEG", Inserted(TestImages.Jpeg(50, 50), "%PDF-1.7 obj"u8.ToArray()), HttpStatusCode.UnprocessableEntity, "hides other content" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Bad_files_are_refused_with_the_reason(string what, byte[] content, HttpStatusCode status, string message)
    {
        var account = await fixture.RegisterAsync();
        var (answered, body) = await fixture.UploadAsync(account.Token, content, fileName: "upload.png");
        Assert.True(answered == status, $"{what}: {answered} {body}");
        Assert.Equal([message], body.GetProperty("errors").GetProperty("file").EnumerateArray().Select(m => m.GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Bad_requests_are_4xx_with_the_field_named()
    {
        var account = await fixture.RegisterAsync();
        var picture = TestImages.Jpeg(30, 30);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.UploadAsync(null, picture)).Status);

        var (status, body) = await fixture.UploadAsync(account.Token, picture, field: "image");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("file", out _));
        (status, body) = await fixture.UploadAsync(account.Token, [], fileName: "empty.jpg");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        (status, body) = await fixture.UploadAsync(account.Token, picture, fields: new Dictionary<string, string> { ["purpose"] = "banner" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("purpose", out _));
        (status, body) = await fixture.UploadAsync(account.Token, picture, fields: new Dictionary<string, string> { ["articleId"] = "my-post" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("articleId", out _));

        (status, body) = await fixture.SendAsync(HttpMethod.Post, "/api/media", account.Token, new { file = "aGVsbG8=" });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal(415, body.GetProperty("status").GetInt32());

        using var malformed = new HttpRequestMessage(HttpMethod.Post, "/api/media")
        {
            Content = new StringContent("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\nno end", Encoding.ASCII, "multipart/form-data"),
        };
        malformed.Content.Headers.ContentType!.Parameters.Add(new("boundary", "x"));
        malformed.Headers.Authorization = new("Token", account.Token);
        using var answer = await fixture.Client.SendAsync(malformed);
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, await fixture.StatusOfFileAsync("/media/0123456789abcdef0123456789abcdef.jpg"));
        Assert.Equal(HttpStatusCode.NotFound, await fixture.StatusOfFileAsync("/media/..%2F..%2Fetc%2Fpasswd"));
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/media/{Guid.NewGuid()}", null)).Status);
    }

    [Fact]
    public async Task An_account_lists_its_own_images_newest_first_and_those_of_one_post()
    {
        var account = await fixture.RegisterAsync();
        var other = await fixture.RegisterAsync();
        var post = Guid.NewGuid();
        var first = await fixture.UploadedAsync(account.Token, TestImages.Jpeg(40, 40, seed: 41), new Dictionary<string, string> { ["articleId"] = post.ToString() });
        var second = await fixture.UploadedAsync(account.Token, TestImages.Jpeg(40, 40, seed: 42));
        var third = await fixture.UploadedAsync(account.Token, TestImages.Jpeg(40, 40, seed: 43), new Dictionary<string, string> { ["articleId"] = post.ToString() });
        await fixture.UploadedAsync(other.Token, TestImages.Jpeg(40, 40, seed: 44), new Dictionary<string, string> { ["articleId"] = post.ToString() });

        static IEnumerable<Guid> Ids(System.Text.Json.JsonElement list) => list.GetProperty("media").EnumerateArray().Select(m => m.GetProperty("id").GetGuid());
        var (status, all) = await fixture.SendAsync(HttpMethod.Get, "/api/media", account.Token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([third.GetProperty("id").GetGuid(), second.GetProperty("id").GetGuid(), first.GetProperty("id").GetGuid()], Ids(all));
        Assert.Equal(3, all.GetProperty("mediaCount").GetInt32());
        var (_, ofPost) = await fixture.SendAsync(HttpMethod.Get, $"/api/media?articleId={post}", account.Token);
        Assert.Equal([third.GetProperty("id").GetGuid(), first.GetProperty("id").GetGuid()], Ids(ofPost));
        var (_, page) = await fixture.SendAsync(HttpMethod.Get, "/api/media?limit=1&offset=1", account.Token);
        Assert.Equal([second.GetProperty("id").GetGuid()], Ids(page));

        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Get, "/api/media", null)).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await fixture.SendAsync(HttpMethod.Get, "/api/media?articleId=x", account.Token)).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await fixture.SendAsync(HttpMethod.Get, "/api/media?limit=0", account.Token)).Status);
    }

    [Fact]
    public async Task A_file_over_the_limit_is_a_413()
    {
        var account = await fixture.RegisterAsync();
        var huge = new byte[10 * 1024 * 1024 + 1];
        TestImages.Jpeg(10, 10).CopyTo(huge, 0);
        var (status, body) = await fixture.UploadAsync(account.Token, huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal(["is too large"], body.GetProperty("errors").GetProperty("file").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task Only_its_owner_or_staff_delete_an_image_and_its_files_go()
    {
        var owner = await fixture.RegisterAsync();
        var other = await fixture.RegisterAsync();
        var moderator = await fixture.RegisterWithRoleAsync("moderator");
        var first = await fixture.UploadedAsync(owner.Token, TestImages.Jpeg(120, 80, seed: 11));
        var second = await fixture.UploadedAsync(owner.Token, TestImages.Jpeg(120, 80, seed: 12));

        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.SendAsync(HttpMethod.Delete, $"/api/media/{first.GetProperty("id").GetGuid()}", other.Token)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Delete, $"/api/media/{first.GetProperty("id").GetGuid()}", null)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.SendAsync(HttpMethod.Delete, $"/api/media/{first.GetProperty("id").GetGuid()}", owner.Token)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.SendAsync(HttpMethod.Delete, $"/api/media/{second.GetProperty("id").GetGuid()}", moderator.Token)).Status);

        foreach (var url in MediaFixture.UrlsOf(first).Concat(MediaFixture.UrlsOf(second)))
        {
            await Eventually.TrueAsync(async () => await fixture.StatusOfFileAsync(url) == HttpStatusCode.NotFound, $"{url} to be swept");
        }
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/media/{first.GetProperty("id").GetGuid()}", null)).Status);
    }

    /// The PNG with bytes of its image data overwritten (its chunk's checksum no longer matches).
    static byte[] Damaged(byte[] png)
    {
        var copy = png.ToArray();
        for (var i = 45; i < 60 && i < copy.Length - 12; i++) copy[i] ^= 0x5A;
        return copy;
    }

    /// The JPEG with `extra` inside a comment segment right after its start.
    static byte[] Inserted(byte[] jpeg, byte[] extra) =>
        [.. jpeg[..2], 0xFF, 0xFE, (byte)((extra.Length + 2) >> 8), (byte)((extra.Length + 2) & 0xFF), .. extra, .. jpeg[2..]];
}
