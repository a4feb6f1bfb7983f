using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Blog.Federation.Model;
using Blog.ServiceDefaults.Hosting;
using Blog.ServiceDefaults.Outbound;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blog.Federation.Infrastructure;

/// <summary>
/// Sends due deliveries every `SendInterval`, each signed with its sender's key. Replicas share the queue
/// through claims (a lease on the row). A server that takes it (2xx) is done; one that refuses it for good
/// (4xx other than 401/408/429) is not asked again; 410 Gone, or failing for `GiveUpAfter`, also drops the
/// followers behind that inbox, so a gone server stops being tried. Anything else is retried with back-off.
/// </summary>
public sealed class DeliverySender(
    IServiceScopeFactory scopes, GuardedHttpClient http, FederationAddresses addresses, IOptions<FederationOptions> options, TimeProvider clock, ILogger<DeliverySender> logger)
    : PeriodicWorker(options.Value.SendInterval, clock, logger)
{
    const int Batch = 32;
    static readonly Meter Meter = new("Blog.Federation");
    static readonly Counter<long> Attempts = Meter.CreateCounter<long>("blog.federation.deliveries", description: "Delivery attempts to remote inboxes, by outcome");

    protected override string WorkName => "Delivering to remote inboxes";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        while (await SendBatchAsync(cancellationToken) == Batch)
        {
        }
    }

    async Task<int> SendBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FederationDbContext>();
        var due = await db.ClaimDueAsync(Clock.GetUtcNow(), options.Value.AttemptTimeout * 3, Batch, cancellationToken);
        if (due.Count == 0) return 0;
        var senderIds = due.Select(d => d.SenderId).Distinct().ToList();
        var senders = await db.LocalActors.AsNoTracking().Where(a => senderIds.Contains(a.UserId)).ToDictionaryAsync(a => a.UserId, cancellationToken);
        var outcomes = await Task.WhenAll(due.Select(delivery => senders.TryGetValue(delivery.SenderId, out var sender)
            ? SendAsync(delivery, sender, cancellationToken)
            : Task.FromResult(new Outcome(null, "the sender is unknown"))));
        foreach (var (delivery, outcome) in due.Zip(outcomes)) await RecordAsync(db, delivery, outcome, cancellationToken);
        return due.Count;
    }

    sealed record Outcome(int? Status, string? Error)
    {
        public bool Delivered => Status is >= 200 and < 300;
        public bool Gone => Status == (int)HttpStatusCode.Gone;
        /// <summary>A refusal asking again will not change (a 4xx other than a failed signature check, which a key fetch may mend, a timeout or a rate limit).</summary>
        public bool Refused => Status is >= 400 and < 500 and not (401 or 408 or 429);
    }

    async Task<Outcome> SendAsync(Delivery delivery, LocalActor sender, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Activity);
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Inbox) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(RemoteActors.ActivityJson);
        using (var key = RSA.Create())
        {
            key.ImportFromPem(sender.PrivateKeyPem);
            HttpSignatures.Sign(request, body, addresses.KeyId(sender.Username), key, Clock.GetUtcNow());
        }
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var outcome = new Outcome((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"answered {(int)response.StatusCode} {response.ReasonPhrase}");
            Attempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome.Delivered ? "delivered" : "refused"));
            return outcome;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Attempts.Add(1, new KeyValuePair<string, object?>("outcome", "error"));
            return new Outcome(null, ex is TaskCanceledException ? $"timed out after {options.Value.AttemptTimeout.TotalSeconds:0.#} s" : ex.Message);
        }
    }

    async Task RecordAsync(FederationDbContext db, Delivery delivery, Outcome outcome, CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        var settings = options.Value;
        var error = outcome.Error is { Length: > 1000 } long_ ? long_[..1000] : outcome.Error;
        if (outcome.Delivered)
        {
            await db.Deliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.DeliveredAt, now).SetProperty(d => d.Attempts, d => d.Attempts + 1).SetProperty(d => d.LastError, (string?)null), cancellationToken);
            return;
        }
        var giveUp = outcome.Refused || outcome.Gone || now - delivery.CreatedAt >= settings.GiveUpAfter;
        var next = now + RetrySchedule.DelayAfter(delivery.Attempts + 1, settings.RetryBaseDelay, settings.RetryMaxDelay, Random.Shared.NextDouble());
        await db.Deliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Attempts, d => d.Attempts + 1)
            .SetProperty(d => d.LastError, error)
            .SetProperty(d => d.NextAttemptAt, next)
            .SetProperty(d => d.AbandonedAt, giveUp ? now : (DateTimeOffset?)null), cancellationToken);
        if (!giveUp) return;
        Logger.LogWarning("Gave up delivering {Delivery} to {Inbox} after {Attempts} attempts: {Error}", delivery.Id, delivery.Inbox, delivery.Attempts + 1, error);
        if (outcome.Gone || !outcome.Refused)
        {
            // The server is gone (or has not answered for the whole period): its followers stop being followers.
            var dropped = await db.Followers.Where(f => f.Actor.Inbox == delivery.Inbox || f.Actor.SharedInbox == delivery.Inbox).ExecuteDeleteAsync(cancellationToken);
            if (dropped > 0) Logger.LogWarning("Dropped {Count} followers behind {Inbox}", dropped, delivery.Inbox);
        }
    }
}
