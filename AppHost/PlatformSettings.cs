using Blog.Topology;
using Microsoft.Extensions.Configuration;

namespace Blog.AppHost;

/// Where the platform keeps its data and which ports it takes, from configuration
/// (`--Blog:StateDir=...`, `--Blog:Ports:Gateway=N`, `--Blog:Replicas:posts=3`, `--Blog:SecureCookies=true`; `./blog up` passes them).
/// Ports not given come from a set of the topology's (`--Blog:PortSet=bench`; <see cref="Ports.Up"/> by default).
public sealed record PlatformSettings(
    string RepositoryRoot,
    string StateDirectory,
    bool Durable,
    int PostgresPort,
    int RedisPort,
    int RabbitMqPort,
    int? GatewayPort,
    int? ServicePortsFrom,
    IConfiguration Replicas,
    bool SecureCookies,
    int? SmtpPort,
    int? MailInboxPort)
{
    public static PlatformSettings Read(IDistributedApplicationBuilder builder)
    {
        var config = builder.Configuration.GetSection("Blog");
        var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var ports = Ports.Named(config["PortSet"] ?? "up")
            ?? throw new ArgumentException($"--Blog:PortSet={config["PortSet"]} names no port set of the topology");
        var gatewayPort = config.GetValue("Ports:Gateway", ports.Gateway ?? 0);
        return new PlatformSettings(
            root,
            Path.GetFullPath(config["StateDir"] ?? Path.Combine(root, ".blog")),
            !string.Equals(config["Durability"], "throwaway", StringComparison.OrdinalIgnoreCase),
            config.GetValue("Ports:Postgres", ports.Postgres),
            config.GetValue("Ports:Redis", ports.Redis),
            config.GetValue("Ports:RabbitMq", ports.RabbitMq),
            gatewayPort == 0 ? null : gatewayPort,
            config.GetValue("Ports:Services", ports.ServicesFrom),
            config.GetSection("Replicas"),
            // Plain http on 127.0.0.1 here; behind TLS (the Kubernetes ingress) cookies are marked Secure.
            config.GetValue("SecureCookies", false),
            config.GetValue("Ports:Smtp", ports.Smtp),
            config.GetValue("Ports:MailInbox", ports.MailInbox));
    }

    public int ReplicasOf(PlatformService service) => Math.Max(1, Replicas.GetValue(service.Name, 1));

    /// With `--Blog:Ports:Services=N`, a service running as one replica listens on a port of its own
    /// (N, N+1, ... in the order of <see cref="PlatformServices.Downstream"/>) and is called directly, without the orchestrator's proxy in
    /// between; measured, that proxy cost 40 % of a core at 2,800 requests/s. Replicas need the proxy,
    /// which spreads the calls over them.
    public int? DirectPortOf(PlatformService service) =>
        ServicePortsFrom is { } first && ReplicasOf(service) == 1 && PlatformServices.Downstream.IndexOf(service) is >= 0 and var index
            ? first + index
            : null;

    /// A single gateway listens on its public port itself: it then sees each client's own address (its rate
    /// limits are per client). Several gateway replicas sit behind the orchestrator's proxy, where every client
    /// shares one address unless a proxy that sets X-Forwarded-For is put in front (`Gateway:TrustedProxies`).
    public bool GatewayListensDirectly => GatewayPort is not null && ReplicasOf(PlatformServices.Gateway) == 1;

    public string DataDirectory(string server) => Path.Combine(StateDirectory, "data", server);

    public string Durability => Durable ? "durable" : "throwaway";
}
