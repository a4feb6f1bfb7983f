using Blog.Topology;
using Microsoft.Extensions.Configuration;

namespace Blog.AppHost;

public static class ServiceResources
{
    /// One Blog service: its own database (when it owns data), Redis and RabbitMQ, health-checked
    /// and scaled to the replica count asked for (`--Blog:Replicas:{name}=N`).
    public static IResourceBuilder<ProjectResource> AddBlogService<TProject>(
        this IDistributedApplicationBuilder builder, PlatformService description, PlatformSettings platform,
        InfrastructureResources infrastructure)
        where TProject : IProjectMetadata, new()
    {
        var directPort = platform.DirectPortOf(description);
        var service = builder.AddProject<TProject>(description.Name, launchProfileName: null)
            .WithHttpEndpoint(port: directPort, name: "http", isProxied: directPort is null)
            .WithHttpProbe(ProbeType.Readiness, ProgramLifecycle.HealthPath)
            .WithHttpProbe(ProbeType.Liveness, ProgramLifecycle.AlivePath)
            .WithReference(infrastructure.Redis).WaitFor(infrastructure.RedisServer)
            .WithReplicas(platform.ReplicasOf(description));

        if (description is DataService { Database: var database })
        {
            service.WithReference(infrastructure.Database(builder, database)).WaitFor(infrastructure.PostgresServer)
                .WithReference(infrastructure.RabbitMq).WaitFor(infrastructure.RabbitMqServer);
            // Published for a cluster, whose RabbitMQ runs several nodes: each consumer's queue is replicated.
            if (builder.ExecutionContext.IsPublishMode) service.WithEnvironment("Messaging__QuorumQueues", "true");
        }
        return service;
    }

    /// The first administrator's credentials, for Identity to seed (`./blog up` generates a password
    /// into .blog/admin-password when BLOG_ADMIN_PASSWORD is not set).
    public static IResourceBuilder<ProjectResource> WithAdministratorAccount(
        this IResourceBuilder<ProjectResource> identity, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var builder = identity.ApplicationBuilder;
        // Published (the Kubernetes manifests), both are secrets the operator may provide; without them no administrator is made.
        if (builder.ExecutionContext.IsPublishMode)
        {
            return identity
                .WithEnvironment("BLOG_ADMIN_EMAIL", builder.AddParameter("admin-email", secret: true).WithAnnotation(new Kubernetes.OptionalSecretAnnotation()))
                .WithEnvironment("BLOG_ADMIN_PASSWORD", builder.AddParameter("admin-password", secret: true).WithAnnotation(new Kubernetes.OptionalSecretAnnotation()));
        }
        if (configuration["BLOG_ADMIN_EMAIL"] is { Length: > 0 } email) identity.WithEnvironment("BLOG_ADMIN_EMAIL", email);
        // A secret parameter: the dashboard masks it.
        if (configuration["BLOG_ADMIN_PASSWORD"] is { Length: > 0 } password)
            identity.WithEnvironment("BLOG_ADMIN_PASSWORD", builder.AddParameter("admin-password", password, secret: true));
        return identity;
    }

    /// Passes a configuration section of the AppHost (`--Blog:RateLimits:PerClientPermits=...`) to a
    /// service as environment variables (`RateLimits__PerClientPermits`; lists as `Webhooks__AllowedNetworks__0`), for benchmarks and tests (not when publishing).
    public static IResourceBuilder<ProjectResource> WithSettingsFrom(
        this IResourceBuilder<ProjectResource> service, Microsoft.Extensions.Configuration.IConfiguration configuration, string section)
    {
        // Published manifests do not depend on the machine they were written on.
        if (service.ApplicationBuilder.ExecutionContext.IsPublishMode) return service;
        foreach (var (key, value) in configuration.GetSection($"Blog:{section}").AsEnumerable(makePathsRelative: true))
        {
            if (value is not null) service.WithEnvironment($"{section}__{key.Replace(":", "__", StringComparison.Ordinal)}", value);
        }
        return service;
    }
}
