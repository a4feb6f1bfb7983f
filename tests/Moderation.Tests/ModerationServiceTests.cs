using Blog.Topology;
using System.Text.Json;
using Blog.Contracts;
using Blog.Identity.Infrastructure;
using Blog.Moderation.Infrastructure;
using Blog.ServiceDefaults.Authentication;
using Blog.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Moderation.Tests;

public sealed class ModerationFixture() : ServiceWithIdentityFixture<ModerationDbContext, IdentityDbContext>(PlatformServices.Moderation.Database)
{
    TestAccount? moderator;
    static long lastNumber;

    public async Task<TestAccount> ModeratorAsync() => moderator ??= await RegisterWithRoleAsync(BlogRoles.Moderator);

    /// A comment as Comments announces it.
    public async Task<CommentCreated> CommentAsync(string body, Guid? authorId = null, string author = "reader", DateTimeOffset? at = null, Guid? messageId = null)
    {
        var created = new CommentCreated(Guid.NewGuid(), Guid.NewGuid(), null, authorId ?? Guid.NewGuid(), author, body, true, at ?? DateTimeOffset.UtcNow,
            CommentNumber: Interlocked.Increment(ref lastNumber));
        await PublishAsync(created, messageId);
        return created;
    }

    public Task PublishAsync<T>(T message, Guid? messageId = null) where T : class =>
        Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId ?? NewId.NextGuid());

    public async Task<List<JsonElement>> QueueAsync()
    {
        var (_, queue) = await SendAsync(HttpMethod.Get, "/api/moderation/queue?limit=100", (await ModeratorAsync()).Token);
        return queue.GetProperty("cases").EnumerateArray().ToList();
    }

    public Task<JsonElement> CaseOfAsync(Guid commentId, Func<JsonElement, bool>? until = null) =>
        Eventually.ReturnsAsync(async () => (await QueueAsync()).FirstOrDefault(c => c.GetProperty("comment").GetProperty("id").GetGuid() == commentId),
            c => c.ValueKind == JsonValueKind.Object && (until?.Invoke(c) ?? true), $"a case for comment {commentId}");

    /// Waits until Moderation has stored `count` comments by the author (clean comments leave no other trace).
    public Task StoredAsync(Guid authorId, int count) =>
        Eventually.TrueAsync(async () => await Database!.ScalarAsync<long>("SELECT count(*) FROM moderated_comments WHERE author_id = $1", authorId) >= count,
            $"{count} comments by {authorId} to be stored");

    public async Task<List<JsonElement>> AuditAsync(string query)
    {
        var (_, audit) = await SendAsync(HttpMethod.Get, $"/api/moderation/audit?{query}", (await ModeratorAsync()).Token);
        return audit.GetProperty("entries").EnumerateArray().ToList();
    }
}

public sealed class ModerationHealthTests(ModerationFixture fixture)
    : ServiceHealthTests<ModerationDbContext>(fixture, PlatformServices.Moderation.Database, PlatformResources.Redis, "masstransit-bus"), IClassFixture<ModerationFixture>;
