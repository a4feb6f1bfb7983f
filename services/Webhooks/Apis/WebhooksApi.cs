using Blog.ServiceDefaults.Outbound;
using System.Security.Claims;
using System.Security.Cryptography;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Authentication;
using Blog.Webhooks.Infrastructure;
using Blog.Webhooks.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Blog.Webhooks.Apis;

/// <summary>
/// Admins register receivers for public events and watch their deliveries. Everything here needs
/// the admin role: others get 401 or 403.
/// </summary>
public static class WebhooksApi
{
    public const int DefaultLimit = 50, MaxLimit = 200, SecretMinLength = 16, SecretMaxLength = 200;

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/api/webhooks").WithTags("Webhooks").RequireAuthorization(BlogAuthentication.AdminPolicy);
        webhooks.MapGet("/events", () => TypedResults.Ok(new EventTypesResponse(WebhookEvents.All))).WithSummary("The events a webhook can subscribe to");
        webhooks.MapGet("/", List).WithSummary("Registered webhooks");
        webhooks.MapPost("/", Register).WithSummary("Register a webhook (answers its signing secret once)");
        webhooks.MapGet("/{id:guid}", Get).WithSummary("A webhook");
        webhooks.MapPut("/{id:guid}", Update).WithSummary("Change a webhook");
        webhooks.MapDelete("/{id:guid}", Delete).WithSummary("Remove a webhook");
        webhooks.MapGet("/{id:guid}/deliveries", Deliveries).WithSummary("A webhook's recent deliveries and their outcomes");
        return app;
    }

    static async Task<Ok<WebhooksResponse>> List(WebhooksDbContext db, CancellationToken cancellationToken)
    {
        var endpoints = await db.Endpoints.AsNoTracking().OrderBy(e => e.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(new WebhooksResponse(endpoints.Select(e => WebhookResponse.Of(e)).ToList(), endpoints.Count));
    }

    static async Task<Results<Created<WebhookEnvelope<WebhookResponse>>, UnprocessableEntity<ErrorsEnvelope>>> Register(
        WebhookEnvelope<WebhookInput>? body, ClaimsPrincipal user, WebhooksDbContext db, TargetAddressPolicy policy, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (body?.Webhook is not { } input) return ValidationErrors.For("webhook", "can't be blank");
        var errors = new ValidationErrors();
        if (input.Url is null) errors.Add("url", "can't be blank");
        if (input.Events is null) errors.Add("events", "can't be blank");
        await ValidateAsync(input, policy, errors, cancellationToken);
        if (errors.Any) return errors.ToResult();

        var endpoint = new WebhookEndpoint
        {
            Id = Guid.CreateVersion7(), Url = input.Url!.Trim(), Events = Normalize(input.Events!), Description = input.Description?.Trim() ?? "",
            Secret = input.Secret ?? NewSecret(), OwnerId = user.UserId() ?? Guid.Empty,
            OwnerUsername = user.FindFirstValue(BlogClaims.Username) ?? "", CreatedAt = clock.GetUtcNow(),
        };
        db.Endpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/webhooks/{endpoint.Id}", new WebhookEnvelope<WebhookResponse>(WebhookResponse.Of(endpoint, showSecret: true)));
    }

    static async Task<Results<Ok<WebhookEnvelope<WebhookResponse>>, ProblemHttpResult>> Get(Guid id, WebhooksDbContext db, CancellationToken cancellationToken) =>
        await db.Endpoints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken) is { } endpoint
            ? TypedResults.Ok(new WebhookEnvelope<WebhookResponse>(WebhookResponse.Of(endpoint)))
            : NotFound(id);

    /// <summary>Changes the URL, events, description or secret; `enabled: true` turns a disabled endpoint back on.</summary>
    static async Task<Results<Ok<WebhookEnvelope<WebhookResponse>>, ProblemHttpResult, UnprocessableEntity<ErrorsEnvelope>>> Update(
        Guid id, WebhookEnvelope<WebhookInput>? body, WebhooksDbContext db, TargetAddressPolicy policy, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (body?.Webhook is not { } input) return ValidationErrors.For("webhook", "can't be blank");
        var errors = new ValidationErrors();
        await ValidateAsync(input, policy, errors, cancellationToken);
        if (errors.Any) return errors.ToResult();
        var endpoint = await db.Endpoints.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (endpoint is null) return NotFound(id);

        if (input.Url is not null) endpoint.Url = input.Url.Trim();
        if (input.Events is not null) endpoint.Events = Normalize(input.Events);
        if (input.Description is not null) endpoint.Description = input.Description.Trim();
        if (input.Secret is not null) endpoint.Secret = input.Secret;
        if (input.Enabled is { } enabled && enabled != endpoint.Enabled)
        {
            endpoint.Enabled = enabled;
            endpoint.DisabledAt = enabled ? null : clock.GetUtcNow();
            endpoint.DisabledReason = enabled ? null : "Disabled by an administrator.";
            endpoint.FailingSince = null;
        }
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new WebhookEnvelope<WebhookResponse>(WebhookResponse.Of(endpoint, showSecret: input.Secret is not null)));
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, WebhooksDbContext db, CancellationToken cancellationToken) =>
        await db.Endpoints.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken) == 0 ? NotFound(id) : TypedResults.NoContent();

    /// <summary>The endpoint's deliveries, newest first, each with every attempt made.</summary>
    static async Task<Results<Ok<DeliveriesResponse>, ProblemHttpResult, UnprocessableEntity<ErrorsEnvelope>>> Deliveries(
        Guid id, WebhooksDbContext db, CancellationToken cancellationToken, string? limit = null, string? offset = null, string? status = null)
    {
        var errors = new ValidationErrors();
        var (take, skip) = Paging.Read(limit, offset, DefaultLimit, MaxLimit, errors);
        DeliveryStatus? wanted = null;
        if (status is not null)
        {
            if (Enum.TryParse<DeliveryStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) wanted = parsed;
            else errors.Add("status", "must be pending, delivered, failed or cancelled");
        }
        if (errors.Any) return errors.ToResult();
        if (!await db.Endpoints.AnyAsync(e => e.Id == id, cancellationToken)) return NotFound(id);

        var deliveries = db.Deliveries.AsNoTracking().Where(d => d.EndpointId == id);
        if (wanted is not null) deliveries = deliveries.Where(d => d.Status == wanted);
        var page = await deliveries.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Skip(skip).Take(take)
            .Include(d => d.AttemptLog).AsSplitQuery().ToListAsync(cancellationToken);
        return TypedResults.Ok(new DeliveriesResponse(page.Select(DeliveryResponse.Of).ToList(), await deliveries.CountAsync(cancellationToken)));
    }

    static async Task ValidateAsync(WebhookInput input, TargetAddressPolicy policy, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (input.Url is not null && await policy.CheckAsync(input.Url.Trim(), cancellationToken) is { } refusal) errors.Add("url", refusal);
        if (input.Events is not null)
        {
            if (input.Events.Count == 0) errors.Add("events", "must name at least one event");
            foreach (var unknown in input.Events.Where(e => !WebhookEvents.IsKnown(e?.Trim() ?? "")))
                errors.Add("events", $"'{unknown}' is not an event; known: {string.Join(", ", WebhookEvents.All)}");
        }
        if (input.Secret is not null && (input.Secret.Length < SecretMinLength || input.Secret.Length > SecretMaxLength))
            errors.Add("secret", $"must be {SecretMinLength} to {SecretMaxLength} characters (leave it out to get a generated one)");
        if (input.Description is { Length: > 500 }) errors.Add("description", "is too long (maximum is 500 characters)");
        else TextRules.Check(input.Description, "description", errors);
    }

    static List<string> Normalize(IEnumerable<string> events) => events.Select(e => e.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static ProblemHttpResult NotFound(Guid id) =>
        RealWorldResults.NotFound("webhook", $"No webhook has the id {id}.");
}
