using Blog.Contracts;
using Blog.Identity.Infrastructure;
using Blog.Identity.Model;
using Blog.Messaging;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Blog.Identity.Apis;

public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("Users");
        users.MapPost("/", Register);
        users.MapPost("/login", Login);

        var user = app.MapGroup("/api/user").WithTags("Users").RequireAuthorization();
        user.MapGet("/", GetCurrentUser);
        user.MapPut("/", UpdateCurrentUser);
        return app;
    }

    /// The services a user handler needs, taken as one parameter.
    public sealed record AccountServices(IdentityDbContext Db, IPasswordHasher<User> Hasher, TokenIssuer Tokens, TimeProvider Clock);

    static async Task<Results<Created<UserEnvelope<UserResponse>>, UnprocessableEntity<ErrorsEnvelope>>> Register(
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
        if (errors.Any) return errors.ToResult();

        user.PasswordHash = services.Hasher.HashPassword(user, input.Password!);
        services.Db.Users.Add(user);
        services.Db.AddIntegrationEvent(user.Id.ToString(),
            new UserRegistered(user.Id, user.Username, user.DisplayName, user.Bio, user.Image, user.CreatedAt));
        if (!await TrySaveAsync(services.Db, user, errors, cancellationToken)) return errors.ToResult();

        return TypedResults.Created($"/api/profiles/{user.Username}", UserResponse.For(user, services.Tokens.IssueFor(user)));
    }

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
        var user = await services.Db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalizedEmail, cancellationToken);
        var invalid = RealWorldResults.Error(StatusCodes.Status401Unauthorized, "email or password", "is invalid");
        if (user is null)
        {
            // The same work as for a real account, so timing does not tell which emails exist.
            services.Hasher.VerifyHashedPassword(UnknownUser, UnknownUserHash, input.Password!);
            return invalid;
        }
        if (user.IsLockedOut(now))
        {
            return LockedOut(http, user, now);
        }

        var verdict = services.Hasher.VerifyHashedPassword(user, user.PasswordHash, input.Password!);
        if (verdict == PasswordVerificationResult.Failed)
        {
            user.RecordFailedLogin(now);
            await services.Db.SaveChangesAsync(cancellationToken);
            return user.IsLockedOut(now) ? LockedOut(http, user, now) : invalid;
        }
        if (user.IsSuspended(now))
        {
            return RealWorldResults.Error(StatusCodes.Status403Forbidden, "user", $"is suspended until {user.SuspendedUntil:u}");
        }

        user.RecordSuccessfulLogin();
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = services.Hasher.HashPassword(user, input.Password!);
        }
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(UserResponse.For(user, services.Tokens.IssueFor(user)));
    }

    static async Task<Results<Ok<UserEnvelope<UserResponse>>, UnauthorizedHttpResult>> GetCurrentUser(
        HttpContext http, [AsParameters] AccountServices services, CancellationToken cancellationToken)
    {
        var user = await FindCurrentAsync(services.Db, http, cancellationToken);
        if (user is null) return TypedResults.Unauthorized();
        return TypedResults.Ok(UserResponse.For(user, services.Tokens.IssueFor(user)));
    }

    static async Task<Results<Ok<UserEnvelope<UserResponse>>, UnprocessableEntity<ErrorsEnvelope>, UnauthorizedHttpResult>> UpdateCurrentUser(
        UserEnvelope<UpdateUser>? body, HttpContext http, [AsParameters] AccountServices services, CancellationToken cancellationToken)
    {
        if (body?.User is not { } input) return ValidationErrors.For("user", "can't be blank");
        var user = await FindCurrentAsync(services.Db, http, cancellationToken);
        if (user is null) return TypedResults.Unauthorized();

        // Every field is checked before anything changes: a request with one bad field changes nothing.
        var errors = new ValidationErrors();
        AccountRules.CheckUsername(input.Username, errors, required: false);
        AccountRules.CheckEmail(input.Email, errors, required: false);
        AccountRules.CheckPassword(input.Password, errors, required: false);
        AccountRules.CheckProfile(input.DisplayName, input.Bio, input.Image, errors);
        if (errors.Any) return errors.ToResult();

        var previousUsername = user.Username;
        var publicBefore = (user.Username, user.DisplayName, user.Bio, user.Image);
        if (!string.IsNullOrWhiteSpace(input.Username)) user.Rename(input.Username);
        if (!string.IsNullOrWhiteSpace(input.Email)) user.ChangeEmail(input.Email);
        if (!string.IsNullOrEmpty(input.Password)) user.PasswordHash = services.Hasher.HashPassword(user, input.Password);
        if (input.DisplayName is not null) user.DisplayName = input.DisplayName.Trim().Length > 0 ? input.DisplayName.Trim() : user.Username;
        if (input.Bio is not null) user.Bio = input.Bio.Trim();
        if (input.Image is not null) user.Image = input.Image.Length > 0 ? input.Image : null;

        await CheckTakenAsync(services.Db, user, errors, cancellationToken);
        if (errors.Any) return errors.ToResult();
        if (publicBefore != (user.Username, user.DisplayName, user.Bio, user.Image))
        {
            services.Db.AddIntegrationEvent(user.Id.ToString(), ProfileEvents.Updated(user, previousUsername, services.Clock.GetUtcNow()));
        }
        if (!await TrySaveAsync(services.Db, user, errors, cancellationToken)) return errors.ToResult();
        return TypedResults.Ok(UserResponse.For(user, services.Tokens.IssueFor(user)));
    }

    static JsonHttpResult<ErrorsEnvelope> LockedOut(HttpContext http, User user, DateTimeOffset now)
    {
        var wait = user.LockedOutUntil!.Value - now;
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return RealWorldResults.Error(StatusCodes.Status429TooManyRequests, "user", "is locked after too many failed logins; try again later");
    }

    internal static async Task<User?> FindCurrentAsync(IdentityDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        http.User.UserId() is { } id ? await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken) : null;

    static async Task CheckTakenAsync(IdentityDbContext db, User user, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(u => u.Id != user.Id && u.NormalizedUsername == user.NormalizedUsername, cancellationToken))
            errors.Add("username", "has already been taken");
        if (await db.Users.AnyAsync(u => u.Id != user.Id && u.NormalizedEmail == user.NormalizedEmail, cancellationToken))
            errors.Add("email", "has already been taken");
    }

    /// Saves, turning a lost race on a unique name or email into the same 422 as the check above.
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
