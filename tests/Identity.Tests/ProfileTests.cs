using System.Net;
using Blog.TestSupport;

namespace Blog.Identity.Tests;

public sealed class ProfileTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    [Fact]
    public async Task An_unknown_profile_is_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, "/api/profiles/nobody-at-all", null)).Status);
    }

    [Fact]
    public async Task A_profile_has_the_RealWorld_shape_and_the_author_box_fields()
    {
        var account = await fixture.RegisterAsync();

        var (status, body) = await fixture.SendAsync(HttpMethod.Get, $"/api/profiles/{account.Username.ToUpperInvariant()}", null);

        Assert.Equal(HttpStatusCode.OK, status);
        var profile = body.GetProperty("profile");
        Assert.Equal(account.Username, profile.GetProperty("username").GetString());
        Assert.False(profile.GetProperty("following").GetBoolean());
        Assert.Equal(account.Username, profile.GetProperty("displayName").GetString());
        Assert.False(profile.GetProperty("featured").GetBoolean());
        Assert.False(profile.TryGetProperty("email", out _));
    }

    [Fact]
    public async Task Following_and_unfollowing_toggle_the_flag_and_publish_events()
    {
        await using var followed = await ExchangeSubscriber.StartAsync(fixture.Broker, "UserFollowed");
        await using var unfollowed = await ExchangeSubscriber.StartAsync(fixture.Broker, "UserUnfollowed");
        var reader = await fixture.RegisterAsync();
        var blogger = await fixture.RegisterAsync();

        var follow = await fixture.SendAsync(HttpMethod.Post, $"/api/profiles/{blogger.Username}/follow", reader.Token);
        var seen = await fixture.SendAsync(HttpMethod.Get, $"/api/profiles/{blogger.Username}", reader.Token);
        var again = await fixture.SendAsync(HttpMethod.Post, $"/api/profiles/{blogger.Username}/follow", reader.Token);
        var unfollow = await fixture.SendAsync(HttpMethod.Delete, $"/api/profiles/{blogger.Username}/follow", reader.Token);

        Assert.True(follow.Body.GetProperty("profile").GetProperty("following").GetBoolean());
        Assert.True(seen.Body.GetProperty("profile").GetProperty("following").GetBoolean());
        Assert.True(again.Body.GetProperty("profile").GetProperty("following").GetBoolean());
        Assert.False(unfollow.Body.GetProperty("profile").GetProperty("following").GetBoolean());
        await followed.WaitForAsync(m => m.GetProperty("followerUsername").GetString() == reader.Username, "UserFollowed");
        await unfollowed.WaitForAsync(m => m.GetProperty("followeeUsername").GetString() == blogger.Username, "UserUnfollowed");
        Assert.Single(followed.Deliveries, d => d.Envelope.GetProperty("message").GetProperty("followerUsername").GetString() == reader.Username);
    }

    [Fact]
    public async Task Following_yourself_is_a_422_and_following_needs_a_login()
    {
        var account = await fixture.RegisterAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await fixture.SendAsync(HttpMethod.Post, $"/api/profiles/{account.Username}/follow", account.Token)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Post, $"/api/profiles/{account.Username}/follow", null)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Post, "/api/profiles/nobody-at-all/follow", account.Token)).Status);
    }

    [Fact]
    public async Task A_visitors_cached_profile_and_star_bloggers_show_changes_made_through_another_replica_at_once()
    {
        var blogger = await fixture.RegisterAsync();
        var profile = $"/api/profiles/{blogger.Username}";
        const string stars = "/api/bloggers?featured=true&limit=100";
        bool Starred(System.Text.Json.JsonElement body) =>
            body.GetProperty("bloggers").EnumerateArray().Any(b => b.GetProperty("username").GetString() == blogger.Username);
        for (var i = 0; i < 2; i++)
        {
            Assert.Null((await fixture.SendAsync(HttpMethod.Get, profile, null)).Body.GetProperty("profile").GetProperty("bio").GetString());
            Assert.False(Starred((await fixture.SendAsync(HttpMethod.Get, stars, null)).Body));
        }

        await using var second = fixture.StartAnotherInstance();
        using var other = second.CreateClient();
        async Task<HttpStatusCode> OnOtherAsync(HttpMethod method, string path, string token, object? body = null)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new("Token", token);
            if (body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(body);
            return (await other.SendAsync(request)).StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await OnOtherAsync(HttpMethod.Put, "/api/user", blogger.Token, new { user = new { bio = "Writes about rivers" } }));
        Assert.Equal(HttpStatusCode.OK, await OnOtherAsync(HttpMethod.Put, $"/api/admin/users/{blogger.Username}/featured",
            await fixture.LoginAsync("root@blog.example", IdentityFixture.AdminPassword)));

        Assert.Equal("Writes about rivers", (await fixture.SendAsync(HttpMethod.Get, profile, null)).Body.GetProperty("profile").GetProperty("bio").GetString());
        Assert.True(Starred((await fixture.SendAsync(HttpMethod.Get, stars, null)).Body));
    }
}
