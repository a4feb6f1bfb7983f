namespace Blog.AppHost;

public static class ServiceResources
{
    /// One Blog service: its own database (when it owns data), Redis and RabbitMQ, health-checked
    /// and scaled to the replica count asked for (`--Blog:Replicas:{name}=N`).
    public static IResourceBuilder<ProjectResource> AddBlogService<TProject>(
        this IDistributedApplicationBuilder builder, string name, PlatformSettings platform,
        InfrastructureResources infrastructure, string? database)
        where TProject : IProjectMetadata, new()
    {
        var service = builder.AddProject<TProject>(name, launchProfileName: null)
            .WithHttpEndpoint(name: "http")
            .WithHttpHealthCheck("/health")
            .WithReference(infrastructure.Redis).WaitFor(infrastructure.RedisServer)
            .WithReplicas(platform.ReplicasOf(name));

        if (database is not null)
        {
            service.WithReference(infrastructure.Database(builder, database)).WaitFor(infrastructure.PostgresServer)
                .WithReference(infrastructure.RabbitMq).WaitFor(infrastructure.RabbitMqServer);
        }
        return service;
    }
}
