using System.Net;
using Blog.ServiceDefaults.Caching;
using Blog.Topology;
using Blog.Web.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Blog.Web.Tests;

/// The site's visitor answers against the services' content versions in the tests' real Redis (versions
/// under a prefix of this test's own, moved by the services' own `ContentCache`).
public sealed class VisitorAnswersTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    readonly IConfiguration configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ContentCache:VersionKeyPrefix"] = $"test:{Guid.NewGuid():N}:" })
        .Build();

    IConnectionMultiplexer Redis => fixture.Services.GetRequiredService<IConnectionMultiplexer>();

    /// A committed write of `service`, announced as the services announce theirs.
    async Task WriteAsync(string service)
    {
        using var cache = new ContentCache(Redis, ContentCacheExtensions.VersionKeyOf(configuration, service),
            RedisChannel.Literal($"test:{Guid.NewGuid():N}"), service, NullLogger<ContentCache>.Instance);
        await cache.InvalidateAsync();
    }

    sealed class Service(string name)
    {
        public int Asked { get; private set; }
        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

        public Task<ApiResult<string>> AnswerAsync()
        {
            Asked++;
            return Task.FromResult(new ApiResult<string>($"{name} answer {Asked}", Status, null));
        }
    }

    async Task<ApiResult<string>> ReadAsync(VisitorAnswers answers, Service service, string name, string path = "/api/articles/a/reactions")
    {
        var versions = await answers.ReadVersionsAsync();
        Assert.NotNull(versions);
        return await answers.GetOrAskAsync(name, path, versions[name], service.AnswerAsync);
    }

    [Fact]
    public async Task An_answer_is_kept_until_its_service_writes_and_a_write_of_another_service_keeps_it()
    {
        using var answers = new VisitorAnswers(Redis, configuration, NullLogger<VisitorAnswers>.Instance);
        var posts = new Service(PlatformServices.Posts.Name);

        Assert.Equal("posts answer 1", (await ReadAsync(answers, posts, PlatformServices.Posts.Name)).Value);
        Assert.Equal("posts answer 1", (await ReadAsync(answers, posts, PlatformServices.Posts.Name)).Value);
        Assert.Equal(1, posts.Asked);

        await WriteAsync(PlatformServices.Comments.Name);
        Assert.Equal("posts answer 1", (await ReadAsync(answers, posts, PlatformServices.Posts.Name)).Value);

        await WriteAsync(PlatformServices.Posts.Name);
        Assert.Equal("posts answer 2", (await ReadAsync(answers, posts, PlatformServices.Posts.Name)).Value);
        Assert.Equal("posts answer 2", (await ReadAsync(answers, posts, PlatformServices.Posts.Name)).Value);
        Assert.Equal(2, posts.Asked);

        // Another path is another answer.
        Assert.Equal("posts answer 3", (await ReadAsync(answers, posts, PlatformServices.Posts.Name, "/api/articles/b/reactions")).Value);
    }

    [Fact]
    public async Task A_write_committed_while_an_answer_is_asked_for_makes_it_stale_at_once()
    {
        using var answers = new VisitorAnswers(Redis, configuration, NullLogger<VisitorAnswers>.Instance);
        var name = PlatformServices.Identity.Name;
        var identity = new Service(name);
        var before = await answers.ReadVersionsAsync();

        // The versions were read before the call; the service writes while answering it.
        await answers.GetOrAskAsync(name, "/api/bloggers", before![name], async () =>
        {
            await WriteAsync(name);
            return await identity.AnswerAsync();
        });

        Assert.Equal("identity answer 2", (await ReadAsync(answers, identity, name, "/api/bloggers")).Value);
    }

    [Fact]
    public async Task A_refusal_or_an_unreachable_service_is_asked_again()
    {
        using var answers = new VisitorAnswers(Redis, configuration, NullLogger<VisitorAnswers>.Instance);
        var name = PlatformServices.Comments.Name;
        var comments = new Service(name) { Status = HttpStatusCode.ServiceUnavailable };

        await ReadAsync(answers, comments, name);
        comments.Status = HttpStatusCode.OK;
        var answer = await ReadAsync(answers, comments, name);

        Assert.Equal("comments answer 2", answer.Value);
        Assert.Equal(2, comments.Asked);
    }

    [Fact]
    public async Task Without_a_version_nothing_is_kept()
    {
        using var answers = new VisitorAnswers(Redis, configuration, NullLogger<VisitorAnswers>.Instance);
        var posts = new Service(PlatformServices.Posts.Name);

        await answers.GetOrAskAsync(PlatformServices.Posts.Name, "/x", version: null, posts.AnswerAsync);
        await answers.GetOrAskAsync(PlatformServices.Posts.Name, "/x", version: null, posts.AnswerAsync);

        Assert.Equal(2, posts.Asked);
    }
}
