using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Blog.Contracts;
using Blog.Messaging;
using Blog.Moderation.Infrastructure;
using Blog.Moderation.Model;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Blog.Moderation.Apis;

/// <summary>
/// Suspending an account: `UserSuspended` goes out through the outbox and Identity enforces it
/// (no sign-in, every service refuses the account's tokens) until it ends or is lifted (`UserReinstated`).
/// Who may suspend whom is `StaffHierarchy`'s rule.
/// </summary>
public static partial class SuspensionsApi
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(3650);

    [GeneratedRegex(@"^\s*(\d{1,7})\s*([mhd])\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    public static RouteGroupBuilder MapSuspensionsApi(this RouteGroupBuilder moderation)
    {
        moderation.MapPost("/users/{username}/suspend", Suspend).WithSummary("Suspend an account").WithDescription("Moderators suspend readers and bloggers; admins anyone but themselves and the last active admin.");
        moderation.MapGet("/users/{username}/suspension", GetSuspension).WithSummary("An account's active suspension");
        moderation.MapDelete("/users/{username}/suspension", Reinstate).WithSummary("Lift a suspension (admins; moderators for their own)");
        moderation.MapGet("/suspensions", ListActive).WithSummary("Active suspensions");
        return moderation;
    }

    /// <summary>"30m", "12h", "7d": minutes, hours or days.</summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        var match = DurationPattern().Match(text ?? "");
        if (!match.Success) return null;
        var amount = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var duration = char.ToLowerInvariant(match.Groups[2].Value[0]) switch
        {
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromDays(amount),
        };
        return duration > TimeSpan.Zero && duration <= MaxDuration ? duration : null;
    }

    static async Task<Results<Ok<SuspensionEnvelope<SuspensionResponse>>, ProblemHttpResult, UnprocessableEntity<ErrorsEnvelope>>> Suspend(
        string username, SuspensionEnvelope<SuspensionInput>? body, HttpContext http, ModerationDbContext db, StaffDirectory staff, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (body?.Suspension is not { } input) return ValidationErrors.For("suspension", "can't be blank");
        var errors = new ValidationErrors();
        var duration = ParseDuration(input.Duration);
        if (duration is null) errors.Add("duration", "must be a number of minutes, hours or days such as 30m, 12h or 7d (at most 3650d)");
        var reason = input.Reason?.Trim() ?? "";
        if (reason.Length == 0) errors.Add("reason", "can't be blank");
        else if (reason.Length > 1000) errors.Add("reason", "is too long (maximum is 1000 characters)");
        else if (TextRules.HasControlCharacters(reason)) errors.Add("reason", TextRules.ControlCharactersMessage);
        if (errors.Any) return errors.ToResult();

        var user = await db.Users.SingleOrDefaultAsync(u => u.Username == username, cancellationToken);
        if (user is null) return UserNotFound(username);
        if (await staff.RolesOfAsync(user, cancellationToken) is not { } targetRoles)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Cannot check the account's roles",
                detail: "Identity could not tell whether the account is staff; try again in a moment.");
        }
        if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(cancellationToken);
        var me = http.User.FindFirstValue(BlogClaims.Username) ?? "";
        var now = clock.GetUtcNow();
        var otherActiveAdmins = await db.Users.CountAsync(u => u.UserId != user.UserId && u.Roles.Contains(BlogRoles.Admin)
            && !db.Suspensions.Any(s => s.UserId == u.UserId && s.LiftedAt == null && s.Until > now), cancellationToken);
        var refusal = StaffHierarchy.WhyNotSuspend(RolesOf(http.User), targetRoles, user.UserId == http.User.UserId(), otherActiveAdmins == 0);
        if (refusal is not null)
        {
            return TypedResults.Problem(statusCode: user.UserId == http.User.UserId() ? StatusCodes.Status409Conflict : StatusCodes.Status403Forbidden,
                title: "Cannot suspend this account", detail: refusal);
        }
        if (await ActiveSuspensionAsync(db, user.UserId, now, cancellationToken) is { } active)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already suspended",
                detail: $"'{user.Username}' is suspended until {active.Until.UtcDateTime:yyyy-MM-dd HH:mm} UTC by {active.SuspendedBy}; lift that suspension first.");
        }

        var suspension = Suspension.Decide(user, now, now + duration!.Value, reason, me);
        db.Suspensions.Add(suspension);
        db.AddIntegrationEvent(user.UserId.ToString(), new UserSuspended(user.UserId, user.Username, suspension.Until, reason, me));
        db.Audit.Add(new AuditEntry { At = now, Actor = me, Action = AuditActions.Suspended, UserId = user.UserId,
            Reason = $"until {suspension.Until.UtcDateTime:yyyy-MM-dd HH:mm} UTC: {reason}" });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new SuspensionEnvelope<SuspensionResponse>(SuspensionResponse.For(suspension)));
    }

    /// <summary>Lifts the account's active suspension: admins any, moderators the ones they made.</summary>
    static async Task<Results<Ok<SuspensionEnvelope<SuspensionResponse>>, ProblemHttpResult>> Reinstate(
        string username, HttpContext http, ModerationDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Username == username, cancellationToken);
        if (user is null) return UserNotFound(username);
        var now = clock.GetUtcNow();
        if (await ActiveSuspensionAsync(db, user.UserId, now, cancellationToken) is not { } suspension)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not suspended", detail: $"'{user.Username}' has no active suspension.");
        }
        var me = http.User.FindFirstValue(BlogClaims.Username) ?? "";
        if (!StaffHierarchy.MayReinstate(RolesOf(http.User), me, suspension.SuspendedBy))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cannot lift this suspension",
                detail: $"Only an admin or {suspension.SuspendedBy}, who decided it, may lift it.");
        }

        suspension.Lift(now, me);
        db.AddIntegrationEvent(user.UserId.ToString(), new UserReinstated(user.UserId, user.Username, me, now));
        db.Audit.Add(new AuditEntry { At = now, Actor = me, Action = AuditActions.Reinstated, UserId = user.UserId,
            Reason = $"lifted the suspension by {suspension.SuspendedBy} until {suspension.Until.UtcDateTime:yyyy-MM-dd HH:mm} UTC" });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new SuspensionEnvelope<SuspensionResponse>(SuspensionResponse.For(suspension)));
    }

    /// <summary>The account's active suspension, for staff (the profile page shows it with a way to lift it).</summary>
    static async Task<Results<Ok<SuspensionEnvelope<SuspensionResponse>>, ProblemHttpResult>> GetSuspension(
        string username, ModerationDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Username == username, cancellationToken);
        if (user is null) return UserNotFound(username);
        return await ActiveSuspensionAsync(db, user.UserId, clock.GetUtcNow(), cancellationToken) is { } suspension
            ? TypedResults.Ok(new SuspensionEnvelope<SuspensionResponse>(SuspensionResponse.For(suspension)))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not suspended", detail: $"'{user.Username}' has no active suspension.");
    }

    /// <summary>Every active suspension, the soonest to end first.</summary>
    static async Task<Ok<SuspensionsResponse>> ListActive(ModerationDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var active = await db.Suspensions.AsNoTracking().Where(s => s.LiftedAt == null && s.Until > now).OrderBy(s => s.Until).Take(500)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new SuspensionsResponse(active.Select(SuspensionResponse.For).ToList()));
    }

    static Task<Suspension?> ActiveSuspensionAsync(ModerationDbContext db, Guid userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Suspensions.Where(s => s.UserId == userId && s.LiftedAt == null && s.Until > now).OrderByDescending(s => s.Until).FirstOrDefaultAsync(cancellationToken);

    static string[] RolesOf(ClaimsPrincipal user) => user.FindAll(BlogClaims.Roles).Select(c => c.Value).ToArray();

    static ProblemHttpResult UserNotFound(string username) =>
        RealWorldResults.NotFound("user", $"No account is named '{username}'.");
}
