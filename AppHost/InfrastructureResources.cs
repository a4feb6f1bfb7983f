using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Blog.AppHost;

/// PostgreSQL, Redis and RabbitMQ from Debian's packages, run as executables (no container
/// runtime here) by the scripts in infra/, on private loopback ports with data under the state folder.
public sealed record InfrastructureResources(
    PlatformSettings Platform,
    IResourceBuilder<ExecutableResource> PostgresServer,
    IResourceBuilder<ExecutableResource> RedisServer,
    IResourceBuilder<ExecutableResource> RabbitMqServer,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithConnectionString> RabbitMq)
{
    public IResourceBuilder<IResourceWithConnectionString> Database(IDistributedApplicationBuilder builder, string name) =>
        builder.AddConnectionString(name, ReferenceExpression.Create(
            $"Host=127.0.0.1;Port={Platform.PostgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture)};Username=blog;Database={name}"));
}

public static class InfrastructureExtensions
{
    public static InfrastructureResources AddBlogInfrastructure(this IDistributedApplicationBuilder builder, PlatformSettings platform)
    {
        var postgres = builder.AddInfrastructureServer("postgres-server", platform, "postgres.sh", platform.PostgresPort, [platform.Durability]);
        var redis = builder.AddInfrastructureServer("redis-server", platform, "redis.sh", platform.RedisPort, [platform.Durability]);
        var rabbitmq = builder.AddInfrastructureServer("rabbitmq-server", platform, "rabbitmq.sh", platform.RabbitMqPort, []);

        return new InfrastructureResources(
            platform, postgres, redis, rabbitmq,
            builder.AddConnectionString("redis", ReferenceExpression.Create($"127.0.0.1:{Port(platform.RedisPort)}")),
            builder.AddConnectionString("rabbitmq", ReferenceExpression.Create($"amqp://guest:guest@127.0.0.1:{Port(platform.RabbitMqPort)}/")));
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
