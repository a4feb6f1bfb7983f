using Blog.Topology;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Blog.TestSupport;

namespace Blog.EndToEnd;

/// The whole platform as `./blog up` runs it (the real AppHost: PostgreSQL, Redis and RabbitMQ as
/// executables, every service, the gateway), on ports and a state folder of the tests' own, with
/// two replicas of Posts and of Comments so that every test also runs against a scaled service.
public abstract class PlatformFixtureBase(string name, PlatformPorts ports) : IAsyncLifetime
{
    public const string AdminPassword = "end-to-end-admin-password";
    public const string AdminEmail = "admin@blog.local";

    public int PostgresPort { get; } = ports.Postgres;
    public int RedisPort { get; } = ports.Redis;
    public int RabbitMqPort { get; } = ports.RabbitMq;
    /// The platform's local mail server, and its inbox (every mail the platform sent).
    public MailInbox Mail { get; } = new(ports.MailInbox!.Value);
    public string StateDirectory { get; } = Path.Combine(TestInfrastructure.StateDirectory, name);
    public DistributedApplication App { get; private set; } = null!;
    public HttpClient Gateway { get; private set; } = null!;
    /// Every resource's console output, one file per replica (the AppHost's `--Blog:ResourceLogs`).
    public ResourceLogs Logs => new(Path.Combine(StateDirectory, "logs"));

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            $"--Blog:StateDir={StateDirectory}",
            "--Blog:Durability=throwaway",
            "--Blog:ResourceLogs=true",
            $"--Blog:Ports:Postgres={PostgresPort}",
            $"--Blog:Ports:Redis={RedisPort}",
            $"--Blog:Ports:RabbitMq={RabbitMqPort}",
            // The shared platform's gateway listens on a port of its own: that address is the site's public one (the host of
            // every fediverse id), which a fediverse server beside it calls. Others take the port the orchestrator picks.
            $"--Blog:Ports:Gateway={ports.Gateway ?? 0}",
            // Aspire's testing builder moves fixed ports to random ones unless told not to.
            "--DcpPublisher:RandomizePorts=false",
            $"--Blog:Ports:Smtp={ports.Smtp}",
            $"--Blog:Ports:MailInbox={ports.MailInbox}",
            // Mail goes a second after a notification, not a minute (the wait for moderation is tested in Notifications.Tests).
            "--Blog:Mail:HoldFor=00:00:01",
            "--Blog:Mail:ComposeInterval=00:00:00.500",
            "--Blog:Mail:SendInterval=00:00:00.500",
            $"--Blog:Replicas:{PlatformServices.Posts.Name}=2",
            $"--Blog:Replicas:{PlatformServices.Comments.Name}=2",
            // Two gateways, each with its edge cache: a write must show on both.
            $"--Blog:Replicas:{PlatformServices.Gateway.Name}=2",
            // Every test signs accounts up from one address; the sign-in limit itself is tested on the gateway alone.
            "--Blog:RateLimits:SignInPermits=1000",
            // The bad-input sweep sends about a thousand requests from one address; the global limit is tested on the gateway alone.
            "--Blog:RateLimits:PerClientPermits=100000",
            // The tests' webhook receivers listen on 127.0.0.1, which Webhooks refuses unless allowed.
            "--Blog:Webhooks:AllowedNetworks:0=127.0.0.0/8",
            // The tests' fediverse server listens on 127.0.0.1 over plain http, which Federation refuses unless allowed.
            "--Blog:Federation:AllowedNetworks:0=127.0.0.0/8",
            "--Blog:Federation:AllowHttp=true",
            // Files no image uses are removed a second after, not ten minutes (the sweeper itself is what is tested).
            "--Blog:Media:OrphanGrace=00:00:01",
            "--Blog:Media:SweepInterval=00:00:00.500",
            $"--BLOG_ADMIN_PASSWORD={AdminPassword}",
            $"--BLOG_ADMIN_EMAIL={AdminEmail}",
        ], (options, _) => options.DisableDashboard = true);
        // MassTransit's connection and endpoint life (connects, faults, restarts) is logged at Debug.
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.CreateResourceBuilder(project).WithEnvironment("Logging__LogLevel__MassTransit", "Debug");
        }
        App = await builder.BuildAsync();
        // A resource that never starts must fail the run, not hang it.
        await App.StartAsync().WaitAsync(TimeSpan.FromMinutes(4));
        Gateway = App.CreateHttpClient(PlatformServices.Gateway.Name);
        // About two minutes on an idle machine (a dozen processes start, migrate and warm up on two cores);
        // with another test project running beside it, more than twice that was seen.
        await WaitUntilHealthyAsync(TimeSpan.FromMinutes(8));
    }

    /// Polls the gateway's /health (with every service's own report in it) until it says healthy; when it
    /// never does, the failure names what is down and ends with the last lines of those services' logs.
    async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        var last = "no answer yet";
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                try
                {
                    using var response = await Gateway.GetAsync("/health");
                    last = await response.Content.ReadAsStringAsync();
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException e)
                {
                    last = $"the gateway does not answer: {e.Message}";
                    return false;
                }
            }, "the gateway to report every service healthy", timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{HealthDiagnosis.Describe(last, Logs)}", e);
        }
    }

    /// A request through the gateway with an optional `Authorization: Token` and JSON body.
    public async Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new("Token", token);
        if (body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(body);
        using var response = await Gateway.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? System.Text.Json.JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    /// An image uploaded through the gateway (`POST /api/media`, multipart), for a post when `articleId` is given.
    public async Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> UploadAsync(string token, byte[] image, Guid? articleId = null)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(image), "file", "photo.jpg" } };
        if (articleId is { } id) form.Add(new StringContent(id.ToString()), "articleId");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/media") { Content = form };
        request.Headers.Authorization = new("Token", token);
        using var response = await Gateway.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? System.Text.Json.JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    /// A credential the AppHost generated for this platform (`{StateDir}/secrets/{name}`).
    public string Secret(string name) => File.ReadAllText(Path.Combine(StateDirectory, "secrets", name)).Trim();

    public string BrokerUri => $"amqp://blog:{Secret(PlatformResources.RabbitMq)}@127.0.0.1:{RabbitMqPort}/";

    public RabbitMqNode Broker => RabbitMqNode.Attach(Path.Combine(StateDirectory, "data", PlatformResources.RabbitMq), RabbitMqPort);

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}

/// A platform of its own for the fault-injection tests, whose stopped and restarted servers must not
/// disturb the other end-to-end tests.
public sealed class FaultPlatformFixture() : PlatformFixtureBase("faults", Ports.EndToEndFaults);

/// The platform most end-to-end tests share.
public sealed class PlatformFixture() : PlatformFixtureBase("platform", Ports.EndToEnd);

[CollectionDefinition(Name)]
public sealed class FaultPlatformCollection : ICollectionFixture<FaultPlatformFixture>
{
    public const string Name = "faults";
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
