using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Blog.Topology;
using Npgsql;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

public static class DatabaseExtensions
{
    /// <summary>The pool a replica of the service owning `database` gets unless configured otherwise (the topology's `MaxPoolSize`).</summary>
    public static int MaxPoolSizeOf(string database) =>
        PlatformServices.WithDatabase.SingleOrDefault(service => service.Database == database)?.MaxPoolSize
        ?? throw new InvalidOperationException($"No service of the platform owns a database named '{database}'.");

    /// <summary>
    /// Registers the service's own PostgreSQL database: the DbContext (snake_case names, a bounded
    /// connection pool that does not reset connections, no automatic savepoints), a readiness check, and the migration of its schema
    /// at start-up (creating the database if it is missing).
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string connectionName)
        where TContext : DbContext
    {
        var configured = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException(
                $"Connection string '{connectionName}' is missing: set ConnectionStrings__{connectionName} (the AppHost does this).");
        var connectionString = new NpgsqlConnectionStringBuilder(configured);
        if (!SetsPoolSize(configured))
        {
            connectionString.MaxPoolSize = builder.Configuration.GetValue("Database:MaxPoolSize", MaxPoolSizeOf(connectionName));
        }
        // Our connections carry no session state (no SET, LISTEN, session locks or prepared statements), so one going
        // back to the pool needs no DISCARD ALL: that was a statement in every fifth a write costs PostgreSQL.
        connectionString.NoResetOnClose = true;
        // The statements a service repeats are parsed and planned once per connection (measured: parsing and planning
        // were 29 % of PostgreSQL's time under the comment load). They are EF Core's, a few dozen a service.
        connectionString.MaxAutoPrepare = builder.Configuration.GetValue("Database:MaxAutoPrepare", 50);

        builder.Services.AddDbContext<TContext>(options => options
            .UseNpgsql(connectionString.ConnectionString)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(NoAutomaticSavepoints.Instance));
        // Aspire's client integration adds Npgsql's tracing and metrics to the context registered above. Not
        // its AddNpgsqlDbContext: that pools contexts and retries commands, and a retrying strategy refuses the
        // transactions the outbox opens. The readiness check is ours, named after the database.
        builder.EnrichNpgsqlDbContext<TContext>(settings =>
        {
            settings.DisableRetry = true;
            settings.DisableHealthChecks = true;
            settings.DisableTracing = settings.DisableMetrics = !ServiceDefaultsExtensions.ExportsTelemetry(builder.Configuration);
        });
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>(connectionName, tags: [ServiceDefaultsExtensions.ReadyTag]);
        builder.Services.AddHostedService<DatabaseMigrator<TContext>>();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddEntityFrameworkCoreInstrumentation());
        return builder;
    }

    // Npgsql accepts "Maximum Pool Size", "Max Pool Size" and "MaxPoolSize", in any case.
    static bool SetsPoolSize(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal))
            .Any(key => key.Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase) || key.Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Our transactions never carry on after a failed SaveChanges (a failure rolls the whole
/// transaction back), so EF Core's automatic savepoint around each SaveChanges inside a transaction
/// only costs two round trips each time (measured: a fifth of a comment write's time in Comments).
/// </summary>
sealed class NoAutomaticSavepoints : DbTransactionInterceptor
{
    public static readonly NoAutomaticSavepoints Instance = new();

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        if (eventData.Context is { } context) context.Database.AutoSavepointsEnabled = false;
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(TransactionStarted(connection, eventData, result));
}

/// <summary>
/// Applies migrations before anything else in the service starts (hosted services start in
/// registration order), waiting for PostgreSQL to come up. Several replicas may start at once: one
/// at a time migrates (`MigrationLock`), the others then find the history complete; a lost race that
/// still gets through (the database created by another) is retried.
/// </summary>
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
                await using (await MigrationLock.AcquireAsync(db.Database.GetConnectionString()!, cancellationToken))
                {
                    await db.Database.MigrateAsync(cancellationToken);
                }
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
        // A migration that finds its work done ("already exists", or "does not exist" for a drop) lost a
        // race; it rolled back, and the next attempt reads the history.
        PostgresException { SqlState: PostgresErrorCodes.DuplicateColumn or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject
            or PostgresErrorCodes.UndefinedObject or PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn } => true,
        PostgresException { SqlState: PostgresErrorCodes.CannotConnectNow } => true,
        NpgsqlException { IsTransient: true } => true,
        NpgsqlException { InnerException: System.Net.Sockets.SocketException } => true,
        InvalidOperationException { InnerException: NpgsqlException } => true,
        _ => false,
    };
}

/// <summary>
/// One replica at a time migrates a database: a PostgreSQL advisory lock named after the database,
/// taken in the server's maintenance database (the service's own may not exist yet) and held until
/// the returned connection is closed. Without it, replicas starting together on a new database can
/// both apply a migration, and the one that finds an index already dropped fails to start.
/// </summary>
public static class MigrationLock
{
    public static async Task<NpgsqlConnection> AcquireAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        var connection = new NpgsqlConnection(maintenance.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext($1))", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = $"blog-migrate:{target.Database}" });
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
