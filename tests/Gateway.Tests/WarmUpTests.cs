using System.Net;
using Blog.ServiceDefaults;
using Blog.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Gateway.Tests;

/// `AddWarmUp` (ServiceDefaults), on a real Kestrel: the replica asks its own hot paths before it says it is ready.
public sealed class WarmUpTests
{
    [Fact]
    public async Task A_replica_is_ready_only_after_it_answered_its_hot_paths_once()
    {
        var release = new TaskCompletionSource();
        var calls = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddWarmUp("/hot");
        await using var app = builder.Build();
        app.MapGet("/hot", async () =>
        {
            Interlocked.Increment(ref calls);
            await release.Task;
            return "warm";
        });
        app.MapHealthChecks("/health");
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref calls) == 1), "the warm-up to ask /hot");
        using (var cold = await client.GetAsync("/health")) Assert.Equal(HttpStatusCode.ServiceUnavailable, cold.StatusCode);

        release.SetResult();
        await Eventually.TrueAsync(async () => (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK, "ready once warmed up");
        Assert.Equal(1, calls);
    }
}
