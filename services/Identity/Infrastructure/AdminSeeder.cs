using Blog.Contracts;
using Blog.Identity.Model;
using Blog.Messaging;
using Blog.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Blog.Identity.Infrastructure;

/// <summary>
/// Creates the first administrator (username `admin`) at start-up from configuration
/// (`BLOG_ADMIN_PASSWORD`, `BLOG_ADMIN_EMAIL`; the email defaults only in Development), never through a public call. An existing admin
/// account is left as it is: its password is changed through `PUT /api/user`.
/// </summary>
sealed class AdminSeeder(IServiceScopeFactory scopes, IConfiguration configuration, IHostEnvironment environment, IPasswordHasher<User> hasher,
    TimeProvider clock, ILogger<AdminSeeder> logger) : IHostedService
{
    public const string Username = "admin";
    public const string DevelopmentEmail = "admin@blog.local";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var password = configuration["BLOG_ADMIN_PASSWORD"];
        if (string.IsNullOrEmpty(password))
        {
            logger.LogWarning("BLOG_ADMIN_PASSWORD is not set: no administrator account is created");
            return;
        }
        // A guessable administrator address helps whoever tries passwords; only a development platform gets a default.
        var email = configuration["BLOG_ADMIN_EMAIL"] is { Length: > 0 } configured ? configured
            : environment.IsDevelopment() ? DevelopmentEmail : null;
        if (email is null)
        {
            logger.LogWarning("BLOG_ADMIN_EMAIL is not set: no administrator account is created (outside Development it has no default)");
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        if (await db.Users.AnyAsync(u => u.NormalizedUsername == AccountRules.Normalize(Username), cancellationToken)) return;

        var admin = User.Register(Username, email, clock.GetUtcNow());
        admin.PasswordHash = hasher.HashPassword(admin, password);
        admin.DisplayName = "Administrator";
        admin.Grant(BlogRoles.Admin);
        db.Users.Add(admin);
        db.AddIntegrationEvent(admin.Id.ToString(), new UserRegistered(admin.Id, admin.Username, admin.DisplayName, admin.Bio, admin.Image, admin.CreatedAt));
        db.AddIntegrationEvent(admin.Id.ToString(), new UserRolesChanged(admin.Id, admin.Username, admin.Roles, admin.CreatedAt));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Created the administrator account '{Username}' ({Email})", Username, email);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another replica created it first.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
