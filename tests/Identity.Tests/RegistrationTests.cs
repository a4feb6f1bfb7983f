using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Blog.TestSupport;

namespace Blog.Identity.Tests;

public sealed class RegistrationTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    [Fact]
    public async Task Registration_returns_the_RealWorld_user_with_a_token_that_authenticates()
    {
        using var response = await fixture.Client.PostAsJsonAsync("/api/users",
            new { user = new { username = "Jacob_1", email = "jake@jake.jake", password = "jakejakejake" } });
        var user = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Jacob_1", user.GetProperty("username").GetString());
        Assert.Equal("jake@jake.jake", user.GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.Null, user.GetProperty("bio").ValueKind); // the spec: string or null, null when unset
        Assert.Equal(JsonValueKind.Null, user.GetProperty("image").ValueKind);
        var (status, me) = await fixture.SendAsync(HttpMethod.Get, "/api/user", user.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Jacob_1", me.GetProperty("user").GetProperty("username").GetString());
    }

    [Fact]
    public async Task Email_and_username_are_unique_whatever_their_case_and_a_taken_one_is_a_409()
    {
        var taken = await fixture.RegisterAsync();

        var (status, body) = await fixture.SendAsync(HttpMethod.Post, "/api/users", null,
            new { user = new { username = taken.Username.ToUpperInvariant(), email = taken.Email.ToUpperInvariant(), password = "another password" } });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("has already been taken", body.GetProperty("errors").GetProperty("username")[0].GetString());
        Assert.Equal("has already been taken", body.GetProperty("errors").GetProperty("email")[0].GetString());
    }

    [Fact]
    public async Task Missing_fields_are_each_named_in_a_422()
    {
        var (status, body) = await fixture.SendAsync(HttpMethod.Post, "/api/users", null, new { user = new { } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var errors = body.GetProperty("errors");
        Assert.Equal(["email", "password", "username"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.All(errors.EnumerateObject(), e => Assert.Equal("can't be blank", e.Value[0].GetString()));
    }

    [Theory]
    [InlineData("{\"user\":")]
    [InlineData("not json at all")]
    [InlineData("{\"user\":{\"username\":42}}")]
    public async Task A_body_that_is_not_the_expected_JSON_is_a_422_not_a_500(string json)
    {
        using var response = await fixture.Client.PostAsync("/api/users", new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True(body.GetProperty("errors").TryGetProperty("body", out _));
    }

    [Theory]
    [InlineData("ab", "ok@example.com", "long enough", "username")]
    [InlineData("has space", "ok@example.com", "long enough", "username")]
    [InlineData("slash/name", "ok@example.com", "long enough", "username")]
    [InlineData("thirty-three-characters-long-name", "ok@example.com", "long enough", "username")]
    [InlineData("goodname", "not-an-email", "long enough", "email")]
    [InlineData("goodname", "ok@example.com", "short", "password")]
    public async Task Values_out_of_bounds_are_refused_and_nothing_is_stored(string username, string email, string password, string field)
    {
        var (status, body) = await fixture.SendAsync(HttpMethod.Post, "/api/users", null, new { user = new { username, email, password } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
        Assert.Equal(0L, await fixture.Database!.ScalarAsync<long>("SELECT count(*) FROM users WHERE normalized_email = upper($1)", email));
    }

    [Fact]
    public async Task Registration_publishes_UserRegistered_without_email_or_password()
    {
        await using var subscriber = await ExchangeSubscriber.StartAsync(fixture.Broker, "UserRegistered");

        var account = await fixture.RegisterAsync();

        var message = await subscriber.WaitForAsync(m => m.GetProperty("username").GetString() == account.Username, "UserRegistered");
        Assert.Equal(account.Username, message.GetProperty("displayName").GetString());
        var text = message.ToString();
        Assert.DoesNotContain(account.Email, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(account.Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
    }
}
