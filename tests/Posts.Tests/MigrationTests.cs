using Blog.Topology;
using Blog.Posts.Infrastructure;
using Blog.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Blog.Posts.Tests;

/// <summary>Replicas of a service started at once on a new database: each starts, and the schema is migrated once.</summary>
public sealed class MigrationTests
{
    const int Replicas = 4;

    [Fact]
    public async Task Replicas_starting_together_on_a_new_database_all_start_and_migrate_it_once()
    {
        await using var database = new TestDatabase("posts_migrations");
        var hosts = Enumerable.Range(0, Replicas).Select(_ => Replica(database.ConnectionString)).ToList();
        try
        {
            await Task.WhenAll(hosts.Select(host => host.StartAsync()));

            using var scope = hosts[0].Services.CreateScope();
            var migrations = scope.ServiceProvider.GetRequiredService<PostsDbContext>().Database.GetMigrations().Count();
            Assert.Equal(migrations, await database.ScalarAsync<long>("SELECT count(*) FROM \"__EFMigrationsHistory\""));
            Assert.Equal(migrations, await database.ScalarAsync<long>("SELECT count(DISTINCT migration_id) FROM \"__EFMigrationsHistory\""));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_replica_waits_to_migrate_while_another_replica_migrates()
    {
        await using var database = new TestDatabase("posts_migrations");
        using var replica = Replica(database.ConnectionString);
        Task started;
        // Another replica migrating this database holds the lock.
        await using (await MigrationLock.AcquireAsync(database.ConnectionString, CancellationToken.None))
        {
            started = replica.StartAsync();
            await Eventually.TrueAsync(async () => await WaitingForMigrationLockAsync() > 0 || started.IsCompleted, "the replica to wait for the lock");
            Assert.False(started.IsCompleted, "the replica started while another held the migration lock");
            Assert.Equal(0, await ServerScalarAsync("SELECT count(*) FROM pg_database WHERE datname = $1", database.Name));
        }
        await started;
        Assert.True(await database.ScalarAsync<long>("SELECT count(*) FROM \"__EFMigrationsHistory\"") > 0);
        await replica.StopAsync();
    }

    static Task<long> WaitingForMigrationLockAsync() =>
        ServerScalarAsync("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");

    static async Task<long> ServerScalarAsync(string sql, params object[] parameters)
    {
        await using var connection = new Npgsql.NpgsqlConnection($"{TestInfrastructure.Postgres};Database=postgres");
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters) command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = parameter });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    static IHost Replica(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:postsdb"] = connectionString });
        builder.AddServiceDatabase<PostsDbContext>(PlatformServices.Posts.Database);
        return builder.Build();
    }
}
