using Blog.Contracts;
using Blog.Identity.Infrastructure;
using Blog.Identity.Model;
using Blog.Messaging;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace Blog.Identity.Apis;

public static class UsersApi
{
    /// <summary>How recent a sign-in must be to change the email or password, or delete the account, without `currentPassword` (GitHub's sudo mode).</summary>
    public static readonly TimeSpan RecentSignIn = TimeSpan.FromMinutes(10);

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("Users");
        users.MapPost("/", Register).WithSummary("Register an account").WithDescription("RealWorld's registration: answers the user with a token. A taken username or email is a 409.");
        users.MapPost("/login", Login).WithSummary("Sign in").WithDescription("Answers the user with a token. Wrong passwords are throttled per email and client (429 with `Retry-After`).");

        var user = app.MapGroup("/api/user").WithTags("Users").RequireAuthorization();
        user.MapGet("/", GetCurrentUser).WithSummary("The signed-in user").WithDescription("With a fresh token of the same session.");
        user.MapPut("/", UpdateCurrentUser).WithSummary("Update the signed-in user").WithDescription("Changes only the fields named. A new email or password needs a sign-in of the last 10 minutes or `currentPassword`.");
        user.MapDelete("/", DeleteCurrentUser).WithSummary("Delete the signed-in account")
            .WithDescription("For good: its posts, comments, reactions, follows and files go too (`UserDeleted`), and the username is free again. " +
                "Needs a sign-in of the last 10 minutes or `{\"user\":{\"currentPassword\"}}`. The site's only admin cannot delete the account (409).");
        user.MapPost("/logout", SignOut).WithSummary("Sign this session out");
        user.MapPost("/logout-everywhere", SignOutEverywhere).WithSummary("Sign every session of the account out");
        return app;
    }

    /// <summary>The services a user handler needs, taken as one parameter.</summary>
    public sealed record AccountServices(IdentityDbContext Db, IPasswordHasher<User> Hasher, TokenIssuer Tokens, AccountRevocations Revocations,
        SignInThrottle Throttle, TimeProvider Clock);

    /// <summary>A taken username or email is a 409 (the spec's conflict); malformed input a 422.</summary>
    static async Task<Results<Created<UserEnvelope<UserResponse>>, UnprocessableEntity<ErrorsEnvelope>, Conflict<ErrorsEnvelope>>> Register(
        UserEnvelope<NewUser>? body, [AsParameters] AccountServices services, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (body?.User is not { } input) return ValidationErrors.For("user", "can't be blank");
        AccountRules.CheckUsername(input.Username, errors);
        AccountRules.CheckEmail(input.Email, errors);
        AccountRules.CheckPassword(input.Password, errors);
        if (errors.Any) return errors.ToResult();

        var user = User.Register(input.Username!, input.Email!, services.Clock.GetUtcNow());
        await CheckTakenAsync(services.Db, user, errors, cancellationToken);
        if (errors.Any) return TypedResults.Conflict(errors.ToEnvelope());

        user.PasswordHash = services.Hasher.HashPassword(user, input.Password!);
        services.Db.Users.Add(user);
        services.Db.AddIntegrationEvent(user.Id.ToString(),
            new UserRegistered(user.Id, user.Username, user.DisplayName, user.Bio, user.Image, user.CreatedAt));
        if (!await TrySaveAsync(services.Db, user, errors, cancellationToken)) return TypedResults.Conflict(errors.ToEnvelope());

        await services.Revocations.SetStampAsync(user.Id.ToString(), user.SecurityStamp);
        return TypedResults.Created($"/api/profiles/{user.Username}",
            UserResponse.For(user, services.Tokens.IssueFor(user, SignInSession.Start(services.Clock.GetUtcNow()))!));
    }

    /// <summary>A wrong password and an unknown email answer alike, and both count towards the (email, client) throttle.</summary>
    static async Task<Results<Ok<UserEnvelope<UserResponse>>, UnprocessableEntity<ErrorsEnvelope>, JsonHttpResult<ErrorsEnvelope>>> Login(
        UserEnvelope<LoginUser>? body, [AsParameters] AccountServices services, HttpContext http, CancellationToken cancellationToken)
    {
        if (body?.User is not { } input) return ValidationErrors.For("user", "can't be blank");
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(input.Email)) errors.Add("email", "can't be blank");
        if (string.IsNullOrEmpty(input.Password)) errors.Add("password", "can't be blank");
        if (errors.Any) return errors.ToResult();

        var now = services.Clock.GetUtcNow();
        var normalizedEmail = AccountRules.Normalize(input.Email!);
        var client = ClientOf(http);
        if (await services.Throttle.WaitAsync(normalizedEmail, client) is { } wait) return TooManyAttempts(http, wait);

        var user = await services.Db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalizedEmail, cancellationToken);
        // An unknown email costs the same work as a real account, so timing does not tell which emails exist.
        var verdict = services.Hasher.VerifyHashedPassword(user ?? UnknownUser, user?.PasswordHash ?? UnknownUserHash, input.Password!);
        if (user is null || verdict == PasswordVerificationResult.Failed)
            // (An unknown email never matches: UnknownUserHash is of a random password.)
        {
            return await services.Throttle.RecordFailureAsync(normalizedEmail, client) is { } startedWait
                ? TooManyAttempts(http, startedWait)
                : RealWorldResults.Error(StatusCodes.Status401Unauthorized, "email or password", "is invalid");
        }
        if (user.IsSuspended(now))
        {
            return RealWorldResults.Error(StatusCodes.Status403Forbidden, "user", $"is suspended until {user.SuspendedUntil:u}");
        }

        await services.Throttle.ForgetAsync(normalizedEmail, client);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = services.Hasher.HashPassword(user, input.Password!);
            await services.Db.SaveChangesAsync(cancellationToken);
        }
        // Also restores the stamp in Redis should Redis have lost it.
        await services.Revocations.SetStampAsync(user.Id.ToString(), user.SecurityStamp);
        return TypedResults.Ok(UserResponse.For(user, services.Tokens.IssueFor(user, SignInSession.Start(now))!));
    }

    /// <summary>The account with a fresh token of the same session (RealWorld clients refresh so), until the session ends.</summary>
    static async Task<Results<Ok<UserEnvelope<UserResponse>>, UnauthorizedHttpResult>> GetCurrentUser(
        HttpContext http, [AsParameters] AccountServices services, CancellationToken cancellationToken)
    {
        var user = await FindCurrentAsync(services.Db, http, cancellationToken);
        if (user is null || SignInSession.Of(http.User) is not { } session || services.Tokens.IssueFor(user, session) is not { } token)
            return TypedResults.Unauthorized();
        return TypedResults.Ok(UserResponse.For(user, token));
    }

    static async Task<Results<Ok<UserEnvelope<UserResponse>>, UnprocessableEntity<ErrorsEnvelope>, UnauthorizedHttpResult, JsonHttpResult<ErrorsEnvelope>>> UpdateCurrentUser(
        UserEnvelope<UpdateUser>? body, HttpContext http, [AsParameters] AccountServices services, CancellationToken cancellationToken)
    {
        if (body?.User is not { } input) return ValidationErrors.For("user", "can't be blank");
        // The spec: "At least one field is required."
        if (!input.NamesAny) return ValidationErrors.For("user", "needs at least one field to change");
        var user = await FindCurrentAsync(services.Db, http, cancellationToken);
        if (user is null || SignInSession.Of(http.User) is not { } session) return TypedResults.Unauthorized();

        // Every field is checked before anything changes: a request with one bad field changes nothing.
        var errors = new ValidationErrors();
        AccountRules.CheckUsername(input.Username, errors, required: input.Has(nameof(input.Username)));
        AccountRules.CheckEmail(input.Email, errors, required: input.Has(nameof(input.Email)));
        AccountRules.CheckPassword(input.Password, errors, required: input.Has(nameof(input.Password)));
        AccountRules.CheckProfile(input.DisplayName, input.Bio, input.Image, errors);
        if (errors.Any) return errors.ToResult();

        var changesEmail = !string.IsNullOrWhiteSpace(input.Email) && AccountRules.Normalize(input.Email) != user.NormalizedEmail;
        var changesPassword = !string.IsNullOrEmpty(input.Password);
        if ((changesEmail || changesPassword)
            && await WhyNotConfirmedAsync(user, session, input.CurrentPassword, "change the email or password", http, services) is { } refusal)
            return refusal;

        var previousUsername = user.Username;
        var publicBefore = (user.Username, user.DisplayName, user.Bio, user.Image);
        if (!string.IsNullOrWhiteSpace(input.Username)) user.Rename(input.Username);
        if (changesEmail) user.ChangeEmail(input.Email!);
        if (changesPassword) user.PasswordHash = services.Hasher.HashPassword(user, input.Password!);
        // New credentials end every other session; this one goes on with a token of the new stamp.
        if (changesEmail || changesPassword) user.RenewSecurityStamp();
        if (input.DisplayName is not null) user.DisplayName = input.DisplayName.Trim().Length > 0 ? input.DisplayName.Trim() : user.Username;
        if (input.Has(nameof(input.Bio))) user.Bio = input.Bio?.Trim() ?? "";
        if (input.Has(nameof(input.Image))) user.Image = string.IsNullOrEmpty(input.Image) ? null : input.Image;

        await CheckTakenAsync(services.Db, user, errors, cancellationToken);
        if (errors.Any) return errors.ToResult();
        if (publicBefore != (user.Username, user.DisplayName, user.Bio, user.Image))
        {
            services.Db.AddIntegrationEvent(user.Id.ToString(), ProfileEvents.Updated(user, previousUsername, services.Clock.GetUtcNow()));
        }
        if (!await TrySaveAsync(services.Db, user, errors, cancellationToken)) return errors.ToResult();
        if (changesEmail || changesPassword) await services.Revocations.SetStampAsync(user.Id.ToString(), user.SecurityStamp);
        return services.Tokens.IssueFor(user, session) is { } token ? TypedResults.Ok(UserResponse.For(user, token)) : TypedResults.Unauthorized();
    }

    /// <summary>
    /// Deletes the account: the row (its follows with it) and `UserDeleted` in one transaction, on which every
    /// service drops what the account wrote; its tokens are refused at once everywhere.
    /// </summary>
    static async Task<Results<NoContent, UnauthorizedHttpResult, JsonHttpResult<ErrorsEnvelope>, ProblemHttpResult>> DeleteCurrentUser(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] UserEnvelope<DeleteUser>? body, HttpContext http,
        [AsParameters] AccountServices services, CancellationToken cancellationToken)
    {
        var user = await FindCurrentAsync(services.Db, http, cancellationToken);
        if (user is null || SignInSession.Of(http.User) is not { } session) return TypedResults.Unauthorized();
        if (await WhyNotConfirmedAsync(user, session, body?.User?.CurrentPassword, "delete the account", http, services) is { } refusal) return refusal;
        // A site without an admin could not be administered again.
        if (user.Roles.Contains(BlogRoles.Admin)
            && !await services.Db.Users.AnyAsync(u => u.Id != user.Id && u.Roles.Contains(BlogRoles.Admin), cancellationToken))
        {
            return RealWorldResults.Conflict("user", "is the site's only admin", "Make another account an admin before deleting this one.");
        }

        services.Db.Users.Remove(user);
        services.Db.AddIntegrationEvent(user.Id.ToString(), new UserDeleted(user.Id, user.Username, services.Clock.GetUtcNow()));
        await services.Db.SaveChangesAsync(cancellationToken);
        await services.Revocations.CloseAccountAsync(user.Id.ToString(), services.Tokens.LongestTokenLife);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// A change of email or password, or deleting the account, needs a sign-in of the last minutes or the current
    /// password, so a stolen token cannot take the account over or erase it. A wrong current password counts as a failed sign-in.
    /// </summary>
    static async Task<JsonHttpResult<ErrorsEnvelope>?> WhyNotConfirmedAsync(User user, SignInSession session, string? currentPassword,
        string toDo, HttpContext http, AccountServices services)
    {
        if (string.IsNullOrEmpty(currentPassword))
        {
            return services.Clock.GetUtcNow() - session.AuthenticatedAt <= RecentSignIn ? null
                : RealWorldResults.Error(StatusCodes.Status403Forbidden, "currentPassword",
                    $"is needed to {toDo} more than {RecentSignIn.TotalMinutes:0} minutes after signing in");
        }
        var client = ClientOf(http);
        if (await services.Throttle.WaitAsync(user.NormalizedEmail, client) is { } wait) return TooManyAttempts(http, wait);
        if (services.Hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword) != PasswordVerificationResult.Failed) return null;
        return await services.Throttle.RecordFailureAsync(user.NormalizedEmail, client) is { } startedWait
            ? TooManyAttempts(http, startedWait)
            : RealWorldResults.Error(StatusCodes.Status403Forbidden, "currentPassword", "is invalid");
    }

    /// <summary>Signs this token's session out everywhere it is used (the site's logout calls it).</summary>
    static async Task<Results<NoContent, UnauthorizedHttpResult>> SignOut(HttpContext http, [AsParameters] AccountServices services)
    {
        if (SignInSession.Of(http.User) is not { } session) return TypedResults.Unauthorized();
        await services.Revocations.SignOutSessionAsync(session.Id, services.Tokens.RemainingOf(session));
        return TypedResults.NoContent();
    }

    /// <summary>Ends every session of the account, this one included.</summary>
    static async Task<Results<NoContent, UnauthorizedHttpResult>> SignOutEverywhere(HttpContext http, [AsParameters] AccountServices services,
        CancellationToken cancellationToken)
    {
        var user = await FindCurrentAsync(services.Db, http, cancellationToken);
        if (user is null) return TypedResults.Unauthorized();
        user.RenewSecurityStamp();
        await services.Db.SaveChangesAsync(cancellationToken);
        await services.Revocations.SetStampAsync(user.Id.ToString(), user.SecurityStamp);
        return TypedResults.NoContent();
    }

    static JsonHttpResult<ErrorsEnvelope> TooManyAttempts(HttpContext http, TimeSpan wait)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return RealWorldResults.Error(StatusCodes.Status429TooManyRequests, "email or password", "was wrong too many times from here; try again later");
    }

    /// <summary>The client's address as the gateway (or the site) forwarded it.</summary>
    static string ClientOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    internal static async Task<User?> FindCurrentAsync(IdentityDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        http.User.UserId() is { } id ? await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken) : null;

    static async Task CheckTakenAsync(IdentityDbContext db, User user, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(u => u.Id != user.Id && u.NormalizedUsername == user.NormalizedUsername, cancellationToken))
            errors.Add("username", "has already been taken");
        if (await db.Users.AnyAsync(u => u.Id != user.Id && u.NormalizedEmail == user.NormalizedEmail, cancellationToken))
            errors.Add("email", "has already been taken");
    }

    /// <summary>Saves, turning a lost race on a unique name or email into the same answer as the check above.</summary>
    static async Task<bool> TrySaveAsync(IdentityDbContext db, User user, ValidationErrors errors, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } unique)
        {
            errors.Add(unique.ConstraintName?.Contains("email", StringComparison.Ordinal) == true ? "email" : "username", "has already been taken");
            return false;
        }
    }

    static readonly User UnknownUser = User.Register("unknown", "unknown@invalid.example", DateTimeOffset.UnixEpoch);
    static readonly string UnknownUserHash = new PasswordHasher<User>().HashPassword(UnknownUser, Guid.NewGuid().ToString());
}

static class ProfileEvents
{
    public static UserProfileUpdated Updated(User user, string previousUsername, DateTimeOffset now) =>
        new(user.Id, user.Username, previousUsername, user.DisplayName, user.Bio, user.Image, user.Featured, now);
}
