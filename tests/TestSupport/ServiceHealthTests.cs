using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Blog.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
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
    public async Task The_database_pool_is_bounded_keeps_its_statements_prepared_and_a_transaction_takes_no_automatic_savepoints()
    {
        if (fixture.Database is null)
        {
            Assert.DoesNotContain(readinessChecks, check => check.EndsWith("db", StringComparison.Ordinal));
            return;
        }
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = (DbContext)scope.ServiceProvider.GetRequiredService(typeof(TEntryPoint));

        var connectionString = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        Assert.Equal(DatabaseExtensions.MaxPoolSizeOf(readinessChecks[0]), connectionString.MaxPoolSize);
        Assert.True(connectionString.NoResetOnClose);
        // A statement repeated on a connection is prepared there, once.
        await db.Database.OpenConnectionAsync();
        for (var i = 0; i < 6; i++) await db.Database.SqlQuery<int>($"SELECT 1 AS \"Value\" WHERE {i} >= 0").ToListAsync();
        Assert.Equal(1, await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_prepared_statements WHERE statement LIKE '%WHERE $1 >= 0%'").SingleAsync());
        await using var transaction = await db.Database.BeginTransactionAsync();
        Assert.False(db.Database.AutoSavepointsEnabled);
    }

    [Fact]
    public async Task The_API_description_names_every_route_and_only_those()
    {
        var document = await fixture.Client.GetFromJsonAsync<JsonElement>(ApiDescription.DocumentPath);
        var described = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(o => o.Name != "parameters").Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .Order(StringComparer.Ordinal).ToList();
        var routes = fixture.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<MethodInfo>() is not null && e.Metadata.GetMetadata<ActionDescriptor>() is null)
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(method => $"{method} {PathOf(e.RoutePattern)}"))
            .Order(StringComparer.Ordinal).ToList();

        Assert.Equal(routes, described);
        // Every operation says what it does.
        Assert.All(document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()),
            operation => Assert.False(string.IsNullOrWhiteSpace(operation.Value.TryGetProperty("summary", out var summary) ? summary.GetString() : null),
                $"{operation.Name} has no summary"));
    }

    /// A route as OpenAPI writes it: `{id:long}` is `{id}`, and no trailing slash.
    static string PathOf(RoutePattern pattern)
    {
        var path = string.Concat(pattern.PathSegments.Select(segment => "/" + string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));
        return path.Length == 0 ? "/" : path;
    }
}
