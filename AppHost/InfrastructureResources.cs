using Blog.Topology;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Blog.AppHost;

/// PostgreSQL, Redis and RabbitMQ from Debian's packages, run as executables (no container
/// runtime here) by the scripts in infra/, on private loopback ports with data under the state folder,
/// each requiring the credentials generated for it (`PlatformSecrets`); and a local mail server with an
/// inbox to read (smtp4dev) where the platform runs here (published, the operator names a real one).
public sealed record InfrastructureResources(
    PlatformSettings Platform,
    PlatformSecrets Secrets,
    IResourceBuilder<ExecutableResource> PostgresServer,
    IResourceBuilder<ExecutableResource> RedisServer,
    IResourceBuilder<ExecutableResource> RabbitMqServer,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithConnectionString> RabbitMq,
    IResourceBuilder<ExecutableResource>? MailServer)
{
    /// The databases services asked for, each with its own login role (the server creates them at start).
    readonly List<(string Database, string Role)> databases = [];

    /// `name` (e.g. postsdb), owned by a role of its own (posts) that can reach nothing else.
    public IResourceBuilder<IResourceWithConnectionString> Database(IDistributedApplicationBuilder builder, string name)
    {
        var role = RoleOf(name);
        databases.Add((name, role));
        return builder.AddConnectionString(name, ReferenceExpression.Create(
            $"Host=127.0.0.1;Port={Platform.PostgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture)};Username={role};Password={Secrets.Get($"postgres-{role}")};Database={name}"));
    }

    static string RoleOf(string database) => database.EndsWith("db", StringComparison.Ordinal) ? database[..^2] : database;

    /// `BLOG_POSTGRES_ROLES` for infra/postgres.sh: "database:role:password ...".
    public string RolesSetting() => string.Join(' ', databases.Select(d => $"{d.Database}:{d.Role}:{Secrets.ValueOf($"postgres-{d.Role}")}"));
}

public static class InfrastructureExtensions
{
    public static InfrastructureResources AddBlogInfrastructure(this IDistributedApplicationBuilder builder, PlatformSettings platform)
    {
        var secrets = new PlatformSecrets(builder, platform);
        var postgres = builder.AddInfrastructureServer("postgres-server", platform, "postgres.sh", platform.PostgresPort, [platform.Durability])
            .WithEnvironment("BLOG_POSTGRES_PASSWORD", secrets.Get("postgres"));
        var redis = builder.AddInfrastructureServer("redis-server", platform, "redis.sh", platform.RedisPort, [platform.Durability])
            .WithEnvironment("BLOG_REDIS_PASSWORD", secrets.Get(PlatformResources.Redis));
        var rabbitmq = builder.AddInfrastructureServer("rabbitmq-server", platform, "rabbitmq.sh", platform.RabbitMqPort, [])
            .WithEnvironment("BLOG_RABBITMQ_PASSWORD", secrets.Get(PlatformResources.RabbitMq));

        // It accepts any mail from this machine and relays none: what the platform sends is read in its inbox.
        var mail = builder.ExecutionContext.IsPublishMode || platform.SmtpPort is not { } smtp || platform.MailInboxPort is not { } inbox ? null
            : builder.AddInfrastructureServer("mail-server", platform, "smtp.sh", smtp, [Port(inbox)]);
        var infrastructure = new InfrastructureResources(
            platform, secrets, postgres, redis, rabbitmq,
            builder.AddConnectionString(PlatformResources.Redis, ReferenceExpression.Create($"127.0.0.1:{Port(platform.RedisPort)},password={secrets.Get(PlatformResources.Redis)}")),
            builder.AddConnectionString(PlatformResources.RabbitMq, ReferenceExpression.Create($"amqp://blog:{secrets.Get(PlatformResources.RabbitMq)}@127.0.0.1:{Port(platform.RabbitMqPort)}/")),
            mail);
        // Read when the server starts, after every service has asked for its database.
        postgres.WithEnvironment(context => context.EnvironmentVariables["BLOG_POSTGRES_ROLES"] = infrastructure.RolesSetting());
        return infrastructure;
    }

    static IResourceBuilder<ExecutableResource> AddInfrastructureServer(
        this IDistributedApplicationBuilder builder, string name, PlatformSettings platform, string script, int port, string[] extraArgs)
    {
        var healthCheck = $"{name}-accepts-connections";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, cancellationToken => AcceptsConnectionsAsync(port, cancellationToken));
        var dataDirectory = platform.DataDirectory(name.Replace("-server", "", StringComparison.Ordinal));
        return builder.AddExecutable(name, "bash", platform.RepositoryRoot,
                [Path.Combine("infra", script), dataDirectory, Port(port), .. extraArgs])
            .WithHealthCheck(healthCheck);
    }

    /// <summary>Sends the service's mail to the local mail server, when the platform runs one.</summary>
    public static IResourceBuilder<ProjectResource> WithLocalMailServer(this IResourceBuilder<ProjectResource> service, InfrastructureResources infrastructure)
    {
        if (infrastructure.MailServer is null || infrastructure.Platform.SmtpPort is not { } smtp) return service;
        return service.WithEnvironment("Mail__SmtpHost", "127.0.0.1").WithEnvironment("Mail__SmtpPort", Port(smtp));
    }

    static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    static async Task<HealthCheckResult> AcceptsConnectionsAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (SocketException ex)
        {
            return HealthCheckResult.Unhealthy($"nothing listens on 127.0.0.1:{port} yet", ex);
        }
    }
}
