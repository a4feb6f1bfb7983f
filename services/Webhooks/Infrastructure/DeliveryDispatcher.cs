using Blog.ServiceDefaults.Outbound;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Blog.Contracts;
using Blog.Webhooks.Infrastructure;
using Blog.Webhooks.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blog.Webhooks.Infrastructure;

/// <summary>
/// Sends due deliveries, records every attempt, and schedules retries with back-off until the
/// delivery succeeds or `GiveUpAfter` passes. Replicas share the work through row claims.
/// </summary>
public sealed class DeliveryDispatcher(
    IServiceScopeFactory scopes, GuardedHttpClient http, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<DeliveryDispatcher> logger)
    : BackgroundService
{
    static readonly Meter Meter = new("Blog.Webhooks");
    static readonly Counter<long> Attempts = Meter.CreateCounter<long>("blog.webhooks.attempts", description: "Webhook delivery attempts, by outcome");

    sealed record Outcome(int? StatusCode, string? Error, TimeSpan Duration)
    {
        public bool Succeeded => StatusCode is >= 200 and < 300;
        public bool Gone => StatusCode == (int)HttpStatusCode.Gone;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await DispatchBatchAsync(settings, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Dispatching webhook deliveries failed; trying again shortly");
            }
            if (sent < settings.BatchSize)
            {
                try { await Task.Delay(settings.PollInterval, clock, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    async Task<int> DispatchBatchAsync(WebhookOptions settings, CancellationToken cancellationToken)
    {
        List<WebhookDelivery> due;
        Dictionary<Guid, WebhookEndpoint> endpoints;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WebhooksDbContext>();
            var lease = settings.AttemptTimeout * 3;
            due = await db.ClaimDueAsync(clock.GetUtcNow(), lease, settings.BatchSize, cancellationToken);
            if (due.Count == 0) return 0;
            var ids = due.Select(d => d.EndpointId).Distinct().ToList();
            endpoints = await db.Endpoints.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
        }

        await Task.WhenAll(due.Select(async delivery =>
        {
            var endpoint = endpoints.GetValueOrDefault(delivery.EndpointId);
            var outcome = endpoint is { Enabled: true } ? await SendAsync(endpoint, delivery, cancellationToken) : null;
            await RecordAsync(delivery.Id, outcome, settings, cancellationToken);
        }));
        return due.Count;
    }

    async Task<Outcome> SendAsync(WebhookEndpoint endpoint, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Create(endpoint.Secret, clock.GetUtcNow().ToUnixTimeSeconds(), body));
        request.Headers.Add("X-Blog-Event", delivery.EventType);
        request.Headers.Add("X-Blog-Delivery", delivery.Id.ToString());
        request.Headers.Add("Idempotency-Key", delivery.EventId.ToString());

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var outcome = new Outcome((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"answered {(int)response.StatusCode} {response.ReasonPhrase}", Stopwatch.GetElapsedTime(started));
            Attempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome.Succeeded ? "delivered" : "refused"));
            return outcome;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Attempts.Add(1, new KeyValuePair<string, object?>("outcome", "error"));
            var error = ex is TaskCanceledException ? $"timed out after {options.Value.AttemptTimeout.TotalSeconds:0.#} s" : ex.Message;
            return new Outcome(null, error, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>
    /// Records the attempt and decides what comes next, with the endpoint's row locked: outcomes of
    /// one endpoint's deliveries arrive in parallel and each may disable it.
    /// </summary>
    async Task RecordAsync(Guid deliveryId, Outcome? outcome, WebhookOptions settings, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebhooksDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var delivery = await db.Deliveries.SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        if (delivery is not { Status: DeliveryStatus.Pending }) return;
        var endpoint = await db.Endpoints.FromSql($"SELECT * FROM webhook_endpoints WHERE id = {delivery.EndpointId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow();

        if (outcome is null || endpoint is null || !endpoint.Enabled)
        {
            delivery.Status = DeliveryStatus.Cancelled;
            delivery.CompletedAt = now;
        }
        else
        {
            delivery.Attempts++;
            db.Attempts.Add(new DeliveryAttempt
            {
                DeliveryId = delivery.Id, Number = delivery.Attempts, At = now, StatusCode = outcome.StatusCode,
                Error = Truncate(outcome.Error), DurationMs = (int)outcome.Duration.TotalMilliseconds,
            });
            if (outcome.Succeeded)
            {
                delivery.Status = DeliveryStatus.Delivered;
                delivery.CompletedAt = now;
                endpoint.FailingSince = null;
                endpoint.LastSuccessAt = now;
                endpoint.LastError = null;
            }
            else if (outcome.Gone)
            {
                delivery.Status = DeliveryStatus.Cancelled;
                delivery.CompletedAt = now;
                await DisableAsync(db, endpoint, $"The receiver answered 410 Gone at {now:u}: unsubscribed.", now, cancellationToken);
            }
            else
            {
                endpoint.FailingSince ??= now;
                endpoint.LastError = Truncate(outcome.Error);
                var givenUp = now - delivery.CreatedAt >= settings.GiveUpAfter;
                if (givenUp)
                {
                    delivery.Status = DeliveryStatus.Failed;
                    delivery.CompletedAt = now;
                }
                else
                {
                    delivery.NextAttemptAt = now + RetrySchedule.DelayAfter(delivery.Attempts, settings.RetryBaseDelay, settings.RetryMaxDelay, Random.Shared.NextDouble());
                }
                // Failing that long: this delivery was retried for the whole period without any success
                // of the endpoint meanwhile, or the endpoint's failures have lasted the period.
                var noSuccessSince = endpoint.LastSuccessAt is null || endpoint.LastSuccessAt < delivery.CreatedAt;
                if ((givenUp && noSuccessSince) || now - endpoint.FailingSince >= settings.GiveUpAfter)
                {
                    var since = givenUp && delivery.CreatedAt < endpoint.FailingSince ? delivery.CreatedAt : endpoint.FailingSince!.Value;
                    if (delivery.Status == DeliveryStatus.Pending) delivery.Status = DeliveryStatus.Failed;
                    delivery.CompletedAt ??= now;
                    await DisableAsync(db, endpoint,
                        $"Every attempt failed from {since:u} to {now:u} ({settings.GiveUpAfter.TotalHours:0.##} h); last: {outcome.Error}", now, cancellationToken);
                }
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    async Task DisableAsync(WebhooksDbContext db, WebhookEndpoint endpoint, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        endpoint.Enabled = false;
        endpoint.DisabledAt = now;
        endpoint.DisabledReason = Truncate(reason);
        await db.Deliveries.Where(d => d.EndpointId == endpoint.Id && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DeliveryStatus.Cancelled).SetProperty(d => d.CompletedAt, now), cancellationToken);
        logger.LogWarning("Webhook endpoint {Id} ({Url}) disabled: {Reason}", endpoint.Id, endpoint.Url, reason);
    }

    static string? Truncate(string? text) => text is { Length: > 2000 } ? text[..2000] : text;
}
