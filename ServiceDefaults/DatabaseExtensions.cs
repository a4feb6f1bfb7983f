using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

public static class DatabaseExtensions
{
    /// Registers the service's own PostgreSQL database: the DbContext (snake_case names), a readiness
    /// check, and the migration of its schema at start-up (creating the database if it is missing).
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string connectionName)
        where TContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException(
                $"Connection string '{connectionName}' is missing: set ConnectionStrings__{connectionName} (the AppHost does this).");

        builder.Services.AddDbContext<TContext>(options => options
            .UseNpgsql(connectionString)
            .UseSnakeCaseNamingConvention());
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>(connectionName, tags: [ServiceDefaultsExtensions.ReadyTag]);
        builder.Services.AddHostedService<DatabaseMigrator<TContext>>();
        return builder;
    }
}

/// Applies migrations before anything else in the service starts (hosted services start in
/// registration order), waiting for PostgreSQL to come up. Several replicas may start at once:
/// EF Core's migration lock serialises them, and a lost race to create the database or to apply a
/// migration is retried.
sealed class DatabaseMigrator<TContext>(IServiceProvider services, ILogger<DatabaseMigrator<TContext>> logger) : IHostedService
    where TContext : DbContext
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Patience;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                await db.Database.MigrateAsync(cancellationToken);
                logger.LogInformation("Database of {Context} is migrated", typeof(TContext).Name);
                return;
            }
            catch (Exception ex) when (IsTransient(ex) && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Waiting for the database of {Context} (attempt {Attempt}): {Reason}", typeof(TContext).Name, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 200 * attempt)), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    static bool IsTransient(Exception ex) => ex switch
    {
        PostgresException { SqlState: PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation } => true,
        // Two replicas creating the database at once can both apply a migration (seen in CI: a column
        // "already exists"); the loser's migration rolled back, and its next attempt reads the history.
        PostgresException { SqlState: PostgresErrorCodes.DuplicateColumn or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject } => true,
        PostgresException { SqlState: PostgresErrorCodes.CannotConnectNow } => true,
        NpgsqlException { IsTransient: true } => true,
        NpgsqlException { InnerException: System.Net.Sockets.SocketException } => true,
        InvalidOperationException { InnerException: NpgsqlException } => true,
        _ => false,
    };
}
