using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.TestSupport;

/// One Blog service hosted in the test process against the tests' real PostgreSQL (a database of
/// its own), Redis and RabbitMQ (a virtual host of its own). `TEntryPoint` is any type of the service.
public class ServiceFixture<TEntryPoint> : IAsyncLifetime where TEntryPoint : class
{
    readonly string? databaseConnectionName;
    readonly Dictionary<string, string?> settings;
    WebApplicationFactory<TEntryPoint>? factory;
    // A database of its own, so a content version of its own: another fixture's writes must not make its cache stale.
    readonly string contentVersionKey = $"test-{Guid.NewGuid():N}:content-version";
    string? virtualHost;
    bool ownsVirtualHost;

    protected ServiceFixture(string? databaseConnectionName, Dictionary<string, string?>? settings = null)
    {
        this.databaseConnectionName = databaseConnectionName;
        this.settings = settings ?? [];
        Database = databaseConnectionName is null ? null : new TestDatabase(databaseConnectionName);
    }

    public TestDatabase? Database { get; }
    public string VirtualHost => virtualHost!;

    /// Another fixture's virtual host to share, so the services exchange events as they do in the platform;
    /// by default each fixture gets a fresh one of its own.
    protected virtual string? SharedVirtualHost => null;
    public string Broker { get; private set; } = "";
    public HttpClient Client { get; private set; } = null!;
    public IServiceProvider Services => factory!.Services;

    /// A client that does not follow redirects (to see where a link sends a browser).
    public HttpClient CreateClientWithoutRedirects() =>
        factory!.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public virtual async Task InitializeAsync()
    {
        ownsVirtualHost = SharedVirtualHost is null;
        virtualHost = SharedVirtualHost ?? await RabbitMqNode.Shared.CreateVirtualHostAsync(typeof(TEntryPoint).Assembly.GetName().Name!.ToLowerInvariant());
        Broker = RabbitMqNode.Shared.AmqpUri(virtualHost);
        factory = CreateFactory();
        Client = factory.CreateClient();
        await WaitUntilReadyAsync();
    }

    async Task WaitUntilReadyAsync()
    {
        await Eventually.TrueAsync(async () => (await Client.GetAsync("/alive")).StatusCode == HttpStatusCode.OK,
            $"{typeof(TEntryPoint).Assembly.GetName().Name} to be alive", TimeSpan.FromSeconds(60));
        // Events published before the service's queues are bound would be dropped by the exchange.
        await Eventually.TrueAsync(async () => (await HealthEntriesAsync()).GetValueOrDefault("masstransit-bus", "Healthy") == "Healthy",
            $"the bus of {typeof(TEntryPoint).Assembly.GetName().Name} to be ready", TimeSpan.FromSeconds(60));
    }

    /// A port to listen on for real (Kestrel), for services other servers must call; null: in memory.
    protected virtual int? ListenPort => null;

    WebApplicationFactory<TEntryPoint> CreateFactory()
    {
        var factory = ConfigureFactory();
        // Listen() wins over any `urls` the host was given.
        if (ListenPort is { } port) factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        return factory;
    }

    WebApplicationFactory<TEntryPoint> ConfigureFactory() =>
        new WebApplicationFactory<TEntryPoint>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment("Development");
            host.UseSetting("ConnectionStrings:redis", TestInfrastructure.Redis);
            host.UseSetting("ConnectionStrings:rabbitmq", Broker);
            host.UseSetting("Outbox:PollInterval", "00:00:00.200");
            host.UseSetting("Logging:LogLevel:Default", "Warning");
            host.UseSetting("ContentCache:VersionKey", contentVersionKey);
            if (databaseConnectionName is not null)
            {
                host.UseSetting($"ConnectionStrings:{databaseConnectionName}", Database!.ConnectionString);
            }
            foreach (var (key, value) in settings) host.UseSetting(key, value);
            host.ConfigureTestServices(ConfigureServices);
        });

    /// Replaces services for the test host (runs after the service registered its own).
    protected virtual void ConfigureServices(IServiceCollection services) { }

    public WebApplicationFactory<TEntryPoint> Factory => factory!;

    /// Sends a request with an optional `Authorization: Token` and JSON body; returns the status and the JSON body.
    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? token, object? body = null, string scheme = "Token")
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(scheme, token);
        if (body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(body);
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    /// Another instance of the service on the same database and broker: a second replica, or the
    /// same service after a restart. The caller disposes it.
    public WebApplicationFactory<TEntryPoint> StartAnotherInstance()
    {
        var instance = CreateFactory();
        instance.CreateClient().Dispose();
        return instance;
    }

    /// The names of the checks in the service's /health report, with their status.
    public async Task<Dictionary<string, string>> HealthEntriesAsync(string path = "/health")
    {
        using var response = await Client.GetAsync(path);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return report.RootElement.GetProperty("entries").EnumerateObject()
            .ToDictionary(entry => entry.Name, entry => entry.Value.GetProperty("status").GetString()!);
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public virtual async Task DisposeAsync()
    {
        Client?.Dispose();
        if (factory is not null) await factory.DisposeAsync();
        if (virtualHost is not null && ownsVirtualHost) await RabbitMqNode.Shared.DeleteVirtualHostAsync(virtualHost);
        if (Database is not null) await Database.DisposeAsync();
    }
}
