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

/// Suspending an account: `UserSuspended` goes out through the outbox and Identity enforces it
/// (no sign-in, every service refuses the account's tokens) until it ends.
public static partial class SuspensionsApi
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(3650);

    public sealed record SuspensionInput(string? Duration, string? Reason);
    public sealed record SuspensionEnvelope<T>(T? Suspension);
    public sealed record SuspensionResponse(string Username, DateTimeOffset Until, string Reason, string SuspendedBy);

    [GeneratedRegex(@"^\s*(\d{1,7})\s*([mhd])\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    public static RouteGroupBuilder MapSuspensionsApi(this RouteGroupBuilder moderation)
    {
        moderation.MapPost("/users/{username}/suspend", Suspend);
        return moderation;
    }

    /// "30m", "12h", "7d": minutes, hours or days.
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
        string username, SuspensionEnvelope<SuspensionInput>? body, HttpContext http, ModerationDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (body?.Suspension is not { } input) return ValidationErrors.For("suspension", "can't be blank");
        var errors = new ValidationErrors();
        var duration = ParseDuration(input.Duration);
        if (duration is null) errors.Add("duration", "must be a number of minutes, hours or days such as 30m, 12h or 7d (at most 3650d)");
        var reason = input.Reason?.Trim() ?? "";
        if (reason.Length == 0) errors.Add("reason", "can't be blank");
        else if (reason.Length > 1000) errors.Add("reason", "is too long (maximum is 1000 characters)");
        if (errors.Any) return errors.ToResult();

        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Username == username, cancellationToken);
        if (user is null) return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "User not found", detail: $"No account is named '{username}'.");
        var me = http.User.FindFirstValue(BlogClaims.Username) ?? "";
        if (user.UserId == http.User.UserId()) return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Cannot suspend yourself");

        var now = clock.GetUtcNow();
        var until = now + duration!.Value;
        db.AddIntegrationEvent(user.UserId.ToString(), new UserSuspended(user.UserId, user.Username, until, reason, me));
        db.Audit.Add(new AuditEntry { At = now, Actor = me, Action = AuditActions.Suspended, UserId = user.UserId,
            Reason = $"until {until.UtcDateTime:yyyy-MM-dd HH:mm} UTC: {reason}" });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new SuspensionEnvelope<SuspensionResponse>(new SuspensionResponse(user.Username, until, reason, me)));
    }
}
