using Blog.Contracts;
using Blog.Identity.Infrastructure;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Authentication;
using Blog.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blog.Identity.Apis;

/// <summary>Administration of accounts: roles and the "Star blogger" flag. Admins only.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/users/{username}").WithTags("Admin").RequireAuthorization(BlogAuthentication.AdminPolicy);
        admin.MapPut("/roles/{role}", (string username, string role, IdentityDbContext db, AccountRevocations revocations, TimeProvider clock, CancellationToken ct) =>
            ChangeRole(username, role, grant: true, db, revocations, clock, ct)).WithSummary("Grant a role (moderator, admin)");
        admin.MapDelete("/roles/{role}", (string username, string role, IdentityDbContext db, AccountRevocations revocations, TimeProvider clock, CancellationToken ct) =>
            ChangeRole(username, role, grant: false, db, revocations, clock, ct)).WithSummary("Take a role away");
        admin.MapPut("/featured", (string username, IdentityDbContext db, TimeProvider clock, CancellationToken ct) => Feature(username, featured: true, db, clock, ct)).WithSummary("Feature a blogger (star bloggers)");
        admin.MapDelete("/featured", (string username, IdentityDbContext db, TimeProvider clock, CancellationToken ct) => Feature(username, featured: false, db, clock, ct)).WithSummary("Stop featuring a blogger");
        return app;
    }

    public sealed record AccountAdminResponse(string Username, IReadOnlyList<string> Roles, bool Featured);

    static async Task<Results<Ok<AccountAdminResponse>, ProblemHttpResult, UnprocessableEntity<ErrorsEnvelope>>> ChangeRole(
        string username, string role, bool grant, IdentityDbContext db, AccountRevocations revocations, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!BlogRoles.All.Contains(role)) return ValidationErrors.For("role", $"must be one of: {string.Join(", ", BlogRoles.All)}");
        var user = await ProfilesApi.FindAsync(db, username, cancellationToken);
        if (user is null) return ProfilesApi.NotFound(username);

        if (grant ? user.Grant(role) : user.Revoke(role))
        {
            db.AddIntegrationEvent(user.Id.ToString(), new UserRolesChanged(user.Id, user.Username, user.Roles, clock.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
            await revocations.SetStampAsync(user.Id.ToString(), user.SecurityStamp);
        }
        // A role change renews the account's security stamp: its tokens stop working, and it signs in again with the new roles.
        return TypedResults.Ok(new AccountAdminResponse(user.Username, user.Roles, user.Featured));
    }

    static async Task<Results<Ok<AccountAdminResponse>, ProblemHttpResult>> Feature(
        string username, bool featured, IdentityDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = await ProfilesApi.FindAsync(db, username, cancellationToken);
        if (user is null) return ProfilesApi.NotFound(username);

        if (user.Featured != featured)
        {
            user.Featured = featured;
            db.AddIntegrationEvent(user.Id.ToString(), ProfileEvents.Updated(user, user.Username, clock.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
        }
        return TypedResults.Ok(new AccountAdminResponse(user.Username, user.Roles, user.Featured));
    }
}
