using Blog.Webhooks.Model;

namespace Blog.Webhooks.Apis;

public sealed record WebhookInput(string? Url, List<string>? Events, string? Secret, string? Description, bool? Enabled);
public sealed record WebhookEnvelope<T>(T? Webhook);
public sealed record WebhooksResponse(IReadOnlyList<WebhookResponse> Webhooks, int WebhooksCount);
public sealed record EventTypesResponse(IReadOnlyCollection<string> Events);

/// <summary>
/// An endpoint as its owner sees it: `status` is `active` or `disabled`, with the reason. The secret
/// is shown once, when it is set (registration or rotation).
/// </summary>
public sealed record WebhookResponse(
    Guid Id, string Url, IReadOnlyList<string> Events, string Description, string Status, string? DisabledReason, DateTimeOffset? DisabledAt,
    DateTimeOffset? FailingSince, string? LastError, DateTimeOffset? LastSuccessAt, string Owner, DateTimeOffset CreatedAt, string? Secret)
{
    public static WebhookResponse Of(WebhookEndpoint e, bool showSecret = false) => new(
        e.Id, e.Url, e.Events, e.Description, e.Enabled ? "active" : "disabled", e.DisabledReason, e.DisabledAt,
        e.FailingSince, e.LastError, e.LastSuccessAt, e.OwnerUsername, e.CreatedAt, showSecret ? e.Secret : null);
}

public sealed record AttemptResponse(int Number, DateTimeOffset At, int? StatusCode, string? Error, int DurationMs);

public sealed record DeliveryResponse(
    Guid Id, Guid EventId, string EventType, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt,
    DateTimeOffset? CompletedAt, IReadOnlyList<AttemptResponse> AttemptLog)
{
    public static DeliveryResponse Of(WebhookDelivery d) => new(
        d.Id, d.EventId, d.EventType, d.Status.ToString().ToLowerInvariant(), d.Attempts, d.CreatedAt,
        d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null, d.CompletedAt,
        d.AttemptLog.OrderBy(a => a.Number).Select(a => new AttemptResponse(a.Number, a.At, a.StatusCode, a.Error, a.DurationMs)).ToList());
}

public sealed record DeliveriesResponse(IReadOnlyList<DeliveryResponse> Deliveries, int DeliveriesCount);
