using System.Net.Http.Json;
using System.Text.Json;
using Blog.Moderation.Infrastructure;
using Blog.TestSupport;

namespace Blog.Moderation.Tests;

public sealed class ModerationFixture() : ServiceFixture<ModerationDbContext>("moderationdb");

public sealed class ModerationHealthTests(ModerationFixture fixture)
    : ServiceHealthTests<ModerationDbContext>(fixture, "moderationdb", "redis", "masstransit-bus"), IClassFixture<ModerationFixture>;

public sealed class ModerationApiTests(ModerationFixture fixture) : IClassFixture<ModerationFixture>
{
    [Fact]
    public async Task Queue_starts_empty()
    {
        var queue = await fixture.Client.GetFromJsonAsync<JsonElement>("/api/moderation/queue");

        Assert.Equal(0, queue.GetProperty("cases").GetArrayLength());
    }
}
