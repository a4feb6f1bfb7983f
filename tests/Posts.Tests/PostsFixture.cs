using Blog.Topology;
using System.Text.Json;
using Blog.Identity.Infrastructure;
using Blog.Posts.Infrastructure;
using Blog.TestSupport;

namespace Blog.Posts.Tests;

/// Posts in-process with its real PostgreSQL, Redis and RabbitMQ, validating tokens against the
/// real Identity's published keys (its discovery document and JWKS, over in-memory HTTP).
public class PostsFixture(Dictionary<string, string?>? extraSettings = null)
    : ServiceWithIdentityFixture<PostsDbContext, IdentityDbContext>(PlatformServices.Posts.Database, Settings(extraSettings))
{
    static Dictionary<string, string?> Settings(Dictionary<string, string?>? extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Views:KeyPrefix"] = $"test-{Guid.NewGuid():N}:",
            ["Views:FlushInterval"] = "00:00:00.300",
            // Only the first flush of a run is announced to the gateway: the tests can tell flushes apart from writes.
            ["Views:AnnounceInterval"] = "01:00:00",
        };
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        return settings;
    }

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

/// Posts with one of its servers (Redis, PostgreSQL) a private one, which a test stops and starts.
public abstract class PostsOnPrivateServerFixture(Dictionary<string, string?> settings, Func<Task<PrivateServer>> startServer) : PostsFixture(settings)
{
    public PrivateServer Server { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Server = await startServer();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Server.DisposeAsync();
    }
}

public sealed class PostsHealthTests(DefaultPostsFixture fixture)
    : ServiceHealthTests<PostsDbContext>(fixture, PlatformServices.Posts.Database, PlatformResources.Redis, "masstransit-bus"), IClassFixture<DefaultPostsFixture>;
