using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Blog.TestSupport;

/// What every service promises operators, run once per service by a class deriving from this one.
public abstract class ServiceHealthTests<TEntryPoint>(ServiceFixture<TEntryPoint> fixture, params string[] readinessChecks)
    where TEntryPoint : class
{
    [Fact]
    public async Task Health_is_green_with_each_dependency_checked()
    {
        // The bus connects in the background after start-up: health may take a moment to turn green.
        var entries = await Eventually.ReturnsAsync(() => fixture.HealthEntriesAsync("/health"),
            e => readinessChecks.All(check => e.GetValueOrDefault(check) == "Healthy"), "every readiness check to be healthy");

        foreach (var check in readinessChecks)
        {
            Assert.True(entries.TryGetValue(check, out var status), $"/health has no '{check}' check; it has: {string.Join(", ", entries.Keys)}");
            Assert.Equal("Healthy", status);
        }
    }

    [Fact]
    public async Task Alive_answers_without_asking_dependencies()
    {
        using var response = await fixture.Client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["self"], (await fixture.HealthEntriesAsync("/alive")).Keys);
    }

    [Fact]
    public async Task Start_up_created_the_services_own_database_with_its_outbox_and_inbox()
    {
        if (fixture.Database is null)
        {
            Assert.DoesNotContain(readinessChecks, check => check.EndsWith("db", StringComparison.Ordinal));
            return;
        }

        Assert.True(await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM \"__EFMigrationsHistory\"") > 0);
        Assert.Equal(2, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('outbox_messages', 'inbox_messages')"));
    }

    [Fact]
    public async Task The_database_pool_is_bounded_and_a_transaction_takes_no_automatic_savepoints()
    {
        if (fixture.Database is null)
        {
            Assert.DoesNotContain(readinessChecks, check => check.EndsWith("db", StringComparison.Ordinal));
            return;
        }
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = (DbContext)scope.ServiceProvider.GetRequiredService(typeof(TEntryPoint));

        Assert.Equal(DatabaseExtensions.DefaultMaxPoolSize, new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).MaxPoolSize);
        await using var transaction = await db.Database.BeginTransactionAsync();
        Assert.False(db.Database.AutoSavepointsEnabled);
    }
}
