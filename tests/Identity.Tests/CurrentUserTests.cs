using System.Net;
using Blog.TestSupport;

namespace Blog.Identity.Tests;

public sealed class CurrentUserTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    [Fact]
    public async Task Without_a_token_the_current_user_is_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Get, "/api/user", null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Put, "/api/user", null, new { user = new { bio = "x" } })).Status);
    }

    [Fact]
    public async Task Without_a_token_the_answer_is_a_401_with_the_spec_errors_object()
    {
        var (missing, body) = await fixture.SendAsync(HttpMethod.Get, "/api/user", null);
        var (invalid, invalidBody) = await fixture.SendAsync(HttpMethod.Get, "/api/user", "not.a.token");

        Assert.Equal(HttpStatusCode.Unauthorized, missing);
        Assert.Equal("is missing", body.GetProperty("errors").GetProperty("token")[0].GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, invalid);
        Assert.Equal("is invalid or expired", invalidBody.GetProperty("errors").GetProperty("token")[0].GetString());
    }

    [Theory]
    [InlineData("email", null)]
    [InlineData("email", "")]
    [InlineData("username", null)]
    [InlineData("password", null)]
    [InlineData("password", "")]
    public async Task A_named_required_field_without_a_value_is_a_422(string field, string? value)
    {
        var account = await fixture.RegisterAsync();
        var user = new Dictionary<string, object?> { [field] = value };

        var (status, body) = await fixture.SendAsync(HttpMethod.Put, "/api/user", account.Token, new { user });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("can't be blank", body.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task An_update_that_names_no_field_is_a_422()
    {
        var account = await fixture.RegisterAsync();

        var (status, body) = await fixture.SendAsync(HttpMethod.Put, "/api/user", account.Token, new { user = new { } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("user", out _), body.ToString());
    }

    [Fact]
    public async Task An_update_changes_what_it_names_and_a_null_bio_or_image_clears_it()
    {
        var account = await fixture.RegisterAsync();
        await fixture.SendAsync(HttpMethod.Put, "/api/user", account.Token, new { user = new { bio = "Kept", image = "https://example.com/me.png" } });

        var (_, unnamed) = await fixture.SendAsync(HttpMethod.Put, "/api/user", account.Token, new { user = new { displayName = "New name" } });
        var (_, cleared) = await fixture.SendAsync(HttpMethod.Put, "/api/user", account.Token, new { user = new { bio = (string?)null, image = (string?)null } });

        Assert.Equal("Kept", unnamed.GetProperty("user").GetProperty("bio").GetString());
        Assert.Equal("https://example.com/me.png", unnamed.GetProperty("user").GetProperty("image").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cleared.GetProperty("user").GetProperty("bio").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cleared.GetProperty("user").GetProperty("image").ValueKind);
        Assert.Equal("New name", cleared.GetProperty("user").GetProperty("displayName").GetString());
    }

    [Theory]
    [InlineData("displayName", "Name \u0001")]
    [InlineData("bio", "Bio with a NUL \u0000")]
    [InlineData("password", "password\u0000long")]
    public async Task Control_characters_in_a_profile_field_are_a_422_and_nothing_changes(string field, string value)
    {
        var account = await fixture.RegisterAsync();
        var user = new Dictionary<string, object> { [field] = value, ["currentPassword"] = account.Password };

        var (status, body) = await fixture.SendAsync(HttpMethod.Put, "/api/user", account.Token, new { user });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
        var profile = (await fixture.SendAsync(HttpMethod.Get, $"/api/profiles/{account.Username}", null)).Body.GetProperty("profile");
        Assert.Equal(account.Username, profile.GetProperty("displayName").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, profile.GetProperty("bio").ValueKind);
    }

    [Fact]
    public async Task Updating_the_profile_changes_it_and_publishes_UserProfileUpdated()
    {
        await using var subscriber = await ExchangeSubscriber.StartAsync(fixture.Broker, "UserProfileUpdated");
        var account = await fixture.RegisterAsync();

        var (status, body) = await fixture.SendAsync(HttpMethod.Put, "/api/user", account.Token, new
        {
            user = new { bio = "Professor of Warren Wilson College in the US.", displayName = "Prof. Jones", image = "https://images.example/jones.png" },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        var user = body.GetProperty("user");
        Assert.Equal("Professor of Warren Wilson College in the US.", user.GetProperty("bio").GetString());
        Assert.Equal("Prof. Jones", user.GetProperty("displayName").GetString());
        var profile = (await fixture.SendAsync(HttpMethod.Get, $"/api/profiles/{account.Username}", null)).Body.GetProperty("profile");
        Assert.Equal("https://images.example/jones.png", profile.GetProperty("image").GetString());
        var message = await subscriber.WaitForAsync(m => m.GetProperty("username").GetString() == account.Username, "UserProfileUpdated");
        Assert.Equal("Prof. Jones", message.GetProperty("displayName").GetString());
        Assert.DoesNotContain(account.Email, message.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Renaming_moves_the_profile_and_the_new_token_carries_the_new_name()
    {
        var account = await fixture.RegisterAsync();
        var newName = $"renamed{Guid.NewGuid():N}"[..20];

        var (status, body) = await fixture.SendAsync(HttpMethod.Put, "/api/user", account.Token, new { user = new { username = newName } });

        Assert.Equal(HttpStatusCode.OK, status);
        var token = body.GetProperty("user").GetProperty("token").GetString();
        Assert.Equal(newName, (await fixture.SendAsync(HttpMethod.Get, "/api/user", token)).Body.GetProperty("user").GetProperty("username").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/profiles/{account.Username}", null)).Status);
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Get, $"/api/profiles/{newName}", null)).Status);
    }

    [Fact]
    public async Task Changing_the_password_makes_the_new_one_the_only_one_that_works()
    {
        var account = await fixture.RegisterAsync();

        await fixture.SendAsync(HttpMethod.Put, "/api/user", account.Token, new { user = new { password = "a brand new password" } });

        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Post, "/api/users/login", null, new { user = new { email = account.Email, password = account.Password } })).Status);
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Post, "/api/users/login", null, new { user = new { email = account.Email, password = "a brand new password" } })).Status);
    }

    [Fact]
    public async Task A_taken_username_is_a_422_and_nothing_else_in_the_request_is_applied()
    {
        var taken = await fixture.RegisterAsync();
        var account = await fixture.RegisterAsync();

        var (status, body) = await fixture.SendAsync(HttpMethod.Put, "/api/user", account.Token, new { user = new { username = taken.Username, bio = "should not stick" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("username", out _));
        var profile = (await fixture.SendAsync(HttpMethod.Get, $"/api/profiles/{account.Username}", null)).Body.GetProperty("profile");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, profile.GetProperty("bio").ValueKind);
    }

    [Theory]
    [InlineData("image", "javascript:alert(1)")]
    [InlineData("image", "not a url")]
    [InlineData("image", "//elsewhere.example/me.png")]
    [InlineData("image", "/\\elsewhere.example/me.png")]
    [InlineData("image", "file:///etc/passwd")]
    [InlineData("email", "broken@")]
    [InlineData("password", "short")]
    public async Task Invalid_values_are_a_422_naming_the_field(string field, string value)
    {
        var account = await fixture.RegisterAsync();

        var (status, body) = await fixture.SendAsync(HttpMethod.Put, "/api/user", account.Token, new { user = new Dictionary<string, string> { [field] = value } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_picture_uploaded_to_the_site_is_kept_as_its_path()
    {
        var account = await fixture.RegisterAsync();

        var (status, body) = await fixture.SendAsync(HttpMethod.Put, "/api/user", account.Token,
            new { user = new { image = "/media/0123456789abcdef0123456789abcdef.jpg" } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("/media/0123456789abcdef0123456789abcdef.jpg", body.GetProperty("user").GetProperty("image").GetString());
    }

    [Fact]
    public async Task An_over_long_bio_is_a_422()
    {
        var account = await fixture.RegisterAsync();

        var (status, body) = await fixture.SendAsync(HttpMethod.Put, "/api/user", account.Token, new { user = new { bio = new string('x', 1001) } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("bio", out _));
    }
}
