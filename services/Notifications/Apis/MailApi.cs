using System.Security.Claims;
using Blog.Notifications.Infrastructure;
using Blog.Notifications.Model;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blog.Notifications.Apis;

/// <summary>
/// Notification mail: the reader's address (confirmed by a link before anything is sent), what each kind
/// sends (off, at once, the daily digest), and the one-click unsubscribe every mail carries.
/// </summary>
public static class MailApi
{
    /// <summary>A new confirmation mail at most this often per reader.</summary>
    public static readonly TimeSpan ConfirmationEvery = TimeSpan.FromMinutes(1);

    public static IEndpointRouteBuilder MapMailApi(this IEndpointRouteBuilder app)
    {
        var mail = app.MapGroup("/api/notifications/mail").WithTags("Notifications");
        mail.MapGet("/", GetSettings).RequireAuthorization().WithSummary("My notification mail: address, whether confirmed, each kind's delivery");
        mail.MapPut("/", UpdateSettings).RequireAuthorization().WithSummary("Change my address (a confirmation mail is sent) or what each kind sends")
            .WithDescription("`{\"mail\":{\"address\"?, \"preferences\"?: {\"comment-reply\": \"off|instant|daily\", ...}}}`. A new address gets mail only once confirmed; an empty one stops all mail.");
        mail.MapGet("/confirm", Confirm).WithSummary("Confirm an address (the link in the confirmation mail); redirects to the site's mail settings");
        mail.MapPost("/unsubscribe", Unsubscribe).DisableAntiforgery()
            .WithSummary("Stop all notification mail (RFC 8058 one-click: the link in every mail's `List-Unsubscribe`)");
        mail.MapGet("/unsubscribe", (Guid user, string key, SiteAddresses site) =>
                TypedResults.Redirect($"{site.Home}/notifications/unsubscribe?user={user}&key={Uri.EscapeDataString(key)}"))
            .WithSummary("The unsubscribe link opened in a browser: the site's page with the button (a link alone unsubscribes no one)");
        return app;
    }

    public sealed record MailSettings(string? Address, bool Verified, IReadOnlyDictionary<string, string> Preferences);
    public sealed record MailEnvelope<T>(T? Mail);
    public sealed class MailInput : PartialInput
    {
        public string? Address { get; init => field = Given(value); }
        public Dictionary<string, string>? Preferences { get; init; }
    }

    static async Task<Ok<MailEnvelope<MailSettings>>> GetSettings(ClaimsPrincipal user, NotificationsDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(new MailEnvelope<MailSettings>(await SettingsOfAsync(db, user.UserId()!.Value, cancellationToken)));

    static async Task<MailSettings> SettingsOfAsync(NotificationsDbContext db, Guid reader, CancellationToken cancellationToken)
    {
        var address = await db.MailAddresses.AsNoTracking().SingleOrDefaultAsync(a => a.UserId == reader, cancellationToken);
        var chosen = await db.MailPreferences.AsNoTracking().Where(p => p.UserId == reader).ToDictionaryAsync(p => p.Kind, p => p.Delivery, cancellationToken);
        return new MailSettings(address?.Address, address?.VerifiedAt is not null,
            NotificationKinds.All.ToDictionary(kind => kind, kind => NameOf(chosen.TryGetValue(kind, out var delivery) ? delivery : MailDefaults.For(kind))));
    }

    static async Task<Results<Ok<MailEnvelope<MailSettings>>, UnprocessableEntity<ErrorsEnvelope>, ProblemHttpResult>> UpdateSettings(
        MailEnvelope<MailInput>? body, ClaimsPrincipal user, NotificationsDbContext db, SiteAddresses site, IOptions<MailOptions> options,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (body?.Mail is not { } input) return ValidationErrors.For("mail", "can't be blank");
        if (!input.NamesAny && input.Preferences is null) return ValidationErrors.For("mail", "needs an address or preferences to change");
        var errors = new ValidationErrors();
        var newAddress = input.Has(nameof(input.Address)) ? input.Address?.Trim() ?? "" : null;
        if (newAddress is { Length: > 0 }) EmailRules.Check(newAddress, "address", errors);
        var preferences = new Dictionary<string, MailDelivery>();
        foreach (var (kind, value) in input.Preferences ?? [])
        {
            if (!NotificationKinds.All.Contains(kind)) errors.Add("preferences", $"has an unknown kind '{kind}' (kinds: {string.Join(", ", NotificationKinds.All)})");
            else if (DeliveryOf(value) is { } delivery) preferences[kind] = delivery;
            else errors.Add("preferences", $"for '{kind}' must be off, instant or daily");
        }
        if (errors.Any) return errors.ToResult();

        var reader = user.UserId()!.Value;
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var (kind, delivery) in preferences)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO mail_preferences (user_id, kind, delivery) VALUES ({reader}, {kind}, {delivery.ToString()})
                ON CONFLICT (user_id, kind) DO UPDATE SET delivery = excluded.delivery
                """, cancellationToken);
        }
        if (newAddress is not null)
        {
            var address = await db.MailAddresses.FromSql($"SELECT * FROM mail_addresses WHERE user_id = {reader} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
            if (newAddress.Length == 0)
            {
                if (address is not null) db.MailAddresses.Remove(address);
            }
            else if (address is null || !string.Equals(address.Address, newAddress, StringComparison.OrdinalIgnoreCase) || address.VerifiedAt is null)
            {
                if (address?.ConfirmationSentAt > now - ConfirmationEvery && address.Address == newAddress)
                    return RealWorldResults.Problem(StatusCodes.Status429TooManyRequests, "address", "was sent a confirmation a moment ago",
                        "Open the link in that mail, or ask again in a minute.");
                if (address is null) db.MailAddresses.Add(address = new MailAddress { UserId = reader });
                var token = MailAddress.NewSecret();
                address.Address = newAddress;
                address.VerifiedAt = null;
                address.ConfirmationHash = MailAddress.HashOf(token);
                address.ConfirmationSentAt = now;
                var (subject, text, html) = MailText.Confirmation(site.Name, site.Confirm(token));
                db.OutgoingMails.Add(new OutgoingMail
                {
                    Id = Guid.CreateVersion7(), UserId = reader, To = newAddress, Subject = subject, TextBody = text, HtmlBody = html,
                    Purpose = OutgoingMail.Confirmation, CreatedAt = now, NextAttemptAt = now,
                });
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new MailEnvelope<MailSettings>(await SettingsOfAsync(db, reader, cancellationToken)));
    }

    /// <summary>The token proves the mail was read at that address; it works once, within `Mail:ConfirmationLifetime`.</summary>
    static async Task<RedirectHttpResult> Confirm(string? token, NotificationsDbContext db, SiteAddresses site, IOptions<MailOptions> options,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var hash = token is { Length: > 0 and <= 128 } ? MailAddress.HashOf(token) : "";
        var oldest = now - options.Value.ConfirmationLifetime;
        var confirmed = hash.Length > 0 && await db.MailAddresses
            .Where(a => a.ConfirmationHash == hash && a.ConfirmationSentAt > oldest)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.VerifiedAt, now).SetProperty(a => a.ConfirmationHash, (string?)null), cancellationToken) == 1;
        return TypedResults.Redirect($"{site.Settings}?confirmed={(confirmed ? "true" : "false")}");
    }

    /// <summary>Every kind set to off; the key (in every mail) is the only proof needed. The same answer whether or not the key matched.</summary>
    static async Task<Results<Ok<UnsubscribedResponse>, UnprocessableEntity<ErrorsEnvelope>>> Unsubscribe(
        Guid? user, string? key, NotificationsDbContext db, CancellationToken cancellationToken)
    {
        if (user is not { } reader || key is not { Length: > 0 and <= 128 }) return ValidationErrors.For("key", "is missing or malformed");
        if (await db.MailAddresses.AnyAsync(a => a.UserId == reader && a.UnsubscribeKey == key, cancellationToken))
        {
            foreach (var kind in NotificationKinds.All)
            {
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO mail_preferences (user_id, kind, delivery) VALUES ({reader}, {kind}, {nameof(MailDelivery.Off)})
                    ON CONFLICT (user_id, kind) DO UPDATE SET delivery = excluded.delivery
                    """, cancellationToken);
            }
        }
        return TypedResults.Ok(new UnsubscribedResponse(true));
    }

    public sealed record UnsubscribedResponse(bool Unsubscribed);

    static string NameOf(MailDelivery delivery) => delivery.ToString().ToLowerInvariant();

    static MailDelivery? DeliveryOf(string? value) => value switch
    {
        "off" => MailDelivery.Off,
        "instant" => MailDelivery.Instant,
        "daily" => MailDelivery.Daily,
        _ => null,
    };
}
