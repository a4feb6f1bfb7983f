using System.Text.Json;
using Blog.Identity.Infrastructure;
using Blog.Posts.Infrastructure;
using Blog.TestSupport;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Posts.Tests;

/// The real Identity, which signs the tokens Posts must accept.
public sealed class IdentityForPosts() : ServiceFixture<IdentityDbContext>("identitydb", new Dictionary<string, string?>
{
    ["BLOG_ADMIN_PASSWORD"] = PostsFixture.AdminPassword,
});

/// Posts in-process with its real PostgreSQL, Redis and RabbitMQ, validating tokens against the
/// real Identity's published keys (its discovery document and JWKS, over in-memory HTTP).
public class PostsFixture(Dictionary<string, string?>? extraSettings = null) : ServiceFixture<PostsDbContext>("postsdb", Settings(extraSettings))
{
    public const string AdminPassword = "posts-tests-admin-password";
    public IdentityForPosts Identity { get; } = new();

    static Dictionary<string, string?> Settings(Dictionary<string, string?>? extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Views:KeyPrefix"] = $"test-{Guid.NewGuid():N}:",
            ["Views:FlushInterval"] = "00:00:00.300",
        };
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        return settings;
    }

    public override async Task InitializeAsync()
    {
        await Identity.InitializeAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Identity.DisposeAsync();
    }

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme,
            options => options.Backchannel = new HttpClient(Identity.Factory.Server.CreateHandler()));

    public Task<TestAccount> RegisterAsync() => Accounts.RegisterAsync(Identity.Client);

    public Task<string> AdminTokenAsync() => Accounts.LoginAsync(Identity.Client, "admin@blog.local", AdminPassword);

    /// Writes a post through the API and returns its JSON.
    public async Task<JsonElement> WriteAsync(TestAccount author, string title = "A post", string body = "Some *text*.",
        string[]? tags = null, string? category = null, string? status = null, string description = "About it")
    {
        var (code, json) = await SendAsync(HttpMethod.Post, "/api/articles", author.Token,
            new { article = new { title, description, body, tagList = tags ?? [], category, status } });
        if (code != System.Net.HttpStatusCode.Created) throw new InvalidOperationException($"write failed: {code} {json}");
        return json.GetProperty("article");
    }
}

public sealed class DefaultPostsFixture() : PostsFixture();

public sealed class PostsHealthTests(DefaultPostsFixture fixture)
    : ServiceHealthTests<PostsDbContext>(fixture, "postsdb", "redis", "masstransit-bus"), IClassFixture<DefaultPostsFixture>;
