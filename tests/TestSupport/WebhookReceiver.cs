using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Blog.TestSupport;

/// One webhook request as a receiver got it: the raw body, the headers, and the status it answered.
public sealed record ReceivedWebhook(string Endpoint, int Attempt, byte[] Body, IReadOnlyDictionary<string, string> Headers, int Answered)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
    public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : "";
}

/// An integrator's HTTP receiver on a real Kestrel port of 127.0.0.1. Each named endpoint answers
/// with what its `respond` function decides from the request (and the how-many-th it is).
public sealed class WebhookReceiver : IAsyncDisposable
{
    readonly WebApplication app;
    readonly ConcurrentDictionary<string, Func<ReceivedWebhook, int>> endpoints = new();
    readonly ConcurrentDictionary<string, ConcurrentQueue<ReceivedWebhook>> received = new();

    WebhookReceiver(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build());
        receiver.app.MapPost("/hooks/{name}", receiver.ReceiveAsync);
        await receiver.app.StartAsync();
        receiver.BaseUrl = receiver.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    /// A new endpoint's URL; it answers 200 unless `respond` says otherwise.
    public string Endpoint(string name, Func<ReceivedWebhook, int>? respond = null)
    {
        endpoints[name] = respond ?? (_ => StatusCodes.Status200OK);
        return $"{BaseUrl}/hooks/{name}";
    }

    public void Answer(string name, Func<ReceivedWebhook, int> respond) => endpoints[name] = respond;

    public IReadOnlyList<ReceivedWebhook> ReceivedBy(string name) =>
        received.TryGetValue(name, out var requests) ? requests.ToList() : [];

    public Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(string name, Func<IReadOnlyList<ReceivedWebhook>, bool> done, string what, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(() => Task.FromResult(ReceivedBy(name)), done, what, timeout);

    async Task<IResult> ReceiveAsync(string name, HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var queue = received.GetOrAdd(name, _ => new ConcurrentQueue<ReceivedWebhook>());
        var webhook = new ReceivedWebhook(name, queue.Count + 1, buffer.ToArray(), headers, 0);
        var status = endpoints.TryGetValue(name, out var respond) ? respond(webhook) : StatusCodes.Status404NotFound;
        queue.Enqueue(webhook with { Answered = status });
        return Results.StatusCode(status);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
