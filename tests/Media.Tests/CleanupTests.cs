using System.Net;
using Blog.Contracts;
using Blog.TestSupport;

namespace Blog.Media.Tests;

/// No file outlives what it was for: a deleted post's images, a replaced account picture, a deleted account's uploads.
public sealed class CleanupTests(MediaFixture fixture) : IClassFixture<MediaFixture>
{
    [Fact]
    public async Task Deleting_a_post_deletes_its_images_and_their_files_but_not_shared_ones()
    {
        var author = await fixture.RegisterAsync();
        var (post, otherPost) = (Guid.NewGuid(), Guid.NewGuid());
        var shared = TestImages.Jpeg(200, 100, seed: 21);
        var only = await fixture.UploadedAsync(author.Token, TestImages.Jpeg(200, 100, seed: 22), For(post));
        var sharedHere = await fixture.UploadedAsync(author.Token, shared, For(post));
        var sharedThere = await fixture.UploadedAsync(author.Token, shared, For(otherPost));
        var unattached = await fixture.UploadedAsync(author.Token, TestImages.Jpeg(200, 100, seed: 23));

        await fixture.PublishAsync(new PostDeleted(post, "a-post", DateTimeOffset.UtcNow));

        foreach (var url in MediaFixture.UrlsOf(only))
        {
            await Eventually.TrueAsync(async () => await fixture.StatusOfFileAsync(url) == HttpStatusCode.NotFound, $"{url} to be swept");
        }
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/media/{only.GetProperty("id").GetGuid()}", null)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/media/{sharedHere.GetProperty("id").GetGuid()}", null)).Status);
        // The other post's copy of the same picture, and an image for no post, stay with their files.
        foreach (var kept in new[] { sharedThere, unattached })
        {
            Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Get, $"/api/media/{kept.GetProperty("id").GetGuid()}", null)).Status);
            foreach (var url in MediaFixture.UrlsOf(kept)) Assert.Equal(HttpStatusCode.OK, await fixture.StatusOfFileAsync(url));
        }
    }

    [Fact]
    public async Task A_new_account_picture_replaces_the_earlier_ones()
    {
        var account = await fixture.RegisterAsync();
        var avatar = new Dictionary<string, string> { ["purpose"] = "avatar" };
        var old = await fixture.UploadedAsync(account.Token, TestImages.Jpeg(100, 100, seed: 31), avatar);
        var current = await fixture.UploadedAsync(account.Token, TestImages.Jpeg(100, 100, seed: 32), avatar);
        var changedAt = DateTimeOffset.UtcNow;
        // Uploaded after the change, not saved to the profile yet: kept.
        var next = await fixture.UploadedAsync(account.Token, TestImages.Jpeg(100, 100, seed: 33), avatar);
        var postImage = await fixture.UploadedAsync(account.Token, TestImages.Jpeg(100, 100, seed: 34));

        await fixture.PublishAsync(new UserProfileUpdated(account.Id, account.Username, account.Username, "", "",
            "http://blog.example" + MediaFixture.UrlOf(current, "column"), false, changedAt));

        foreach (var url in MediaFixture.UrlsOf(old))
        {
            await Eventually.TrueAsync(async () => await fixture.StatusOfFileAsync(url) == HttpStatusCode.NotFound, $"{url} to be swept");
        }
        foreach (var kept in new[] { current, next, postImage })
        {
            Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Get, $"/api/media/{kept.GetProperty("id").GetGuid()}", null)).Status);
        }
    }

    [Fact]
    public async Task A_deleted_account_takes_every_image_it_uploaded_along_but_not_a_file_another_account_shares()
    {
        var leaving = await fixture.RegisterAsync();
        var staying = await fixture.RegisterAsync();
        var shared = TestImages.Jpeg(120, 90, seed: 41);
        var picture = await fixture.UploadedAsync(leaving.Token, TestImages.Jpeg(100, 100, seed: 42), new Dictionary<string, string> { ["purpose"] = "avatar" });
        var forPost = await fixture.UploadedAsync(leaving.Token, TestImages.Jpeg(200, 100, seed: 43), For(Guid.NewGuid()));
        var theirsToo = await fixture.UploadedAsync(leaving.Token, shared);
        var theirs = await fixture.UploadedAsync(staying.Token, shared);

        await fixture.PublishAsync(new UserDeleted(leaving.Id, leaving.Username, DateTimeOffset.UtcNow));

        foreach (var url in MediaFixture.UrlsOf(picture).Concat(MediaFixture.UrlsOf(forPost)))
        {
            await Eventually.TrueAsync(async () => await fixture.StatusOfFileAsync(url) == HttpStatusCode.NotFound, $"{url} to be swept");
        }
        foreach (var gone in new[] { picture, forPost, theirsToo })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/media/{gone.GetProperty("id").GetGuid()}", null)).Status);
        }
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Get, $"/api/media/{theirs.GetProperty("id").GetGuid()}", null)).Status);
        foreach (var url in MediaFixture.UrlsOf(theirs)) Assert.Equal(HttpStatusCode.OK, await fixture.StatusOfFileAsync(url));
    }

    static Dictionary<string, string> For(Guid post) => new() { ["articleId"] = post.ToString() };
}
