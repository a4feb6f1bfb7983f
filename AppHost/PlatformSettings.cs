using Microsoft.Extensions.Configuration;

namespace Blog.AppHost;

/// Where the platform keeps its data and which ports it takes, from configuration
/// (`--Blog:StateDir=...`, `--Blog:Ports:Gateway=8080`, `--Blog:Replicas:posts=3`; `./blog up` passes them).
public sealed record PlatformSettings(
    string RepositoryRoot,
    string StateDirectory,
    bool Durable,
    int PostgresPort,
    int RedisPort,
    int RabbitMqPort,
    int? GatewayPort,
    IConfiguration Replicas)
{
    public static PlatformSettings Read(IDistributedApplicationBuilder builder)
    {
        var config = builder.Configuration.GetSection("Blog");
        var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var gatewayPort = config.GetValue("Ports:Gateway", 8080);
        return new PlatformSettings(
            root,
            Path.GetFullPath(config["StateDir"] ?? Path.Combine(root, ".blog")),
            !string.Equals(config["Durability"], "throwaway", StringComparison.OrdinalIgnoreCase),
            config.GetValue("Ports:Postgres", 21432),
            config.GetValue("Ports:Redis", 22379),
            config.GetValue("Ports:RabbitMq", 21672),
            gatewayPort == 0 ? null : gatewayPort,
            config.GetSection("Replicas"));
    }

    public int ReplicasOf(string service) => Math.Max(1, Replicas.GetValue(service, 1));

    public string DataDirectory(string server) => Path.Combine(StateDirectory, "data", server);

    public string Durability => Durable ? "durable" : "throwaway";
}
