using System.Collections.Immutable;

namespace Blog.Topology;

/// <summary>A program of the platform, by its name (the orchestrator's resource, the service-discovery host,
/// its queues' prefix) and the folder of its project in the repository.</summary>
public record PlatformService(string Name, string ProjectDirectory)
{
    /// <summary>How other programs call it: service discovery resolves the name to its replicas.</summary>
    public Uri Address { get; } = new($"http://{Name}");
}

/// <summary>
/// A service that owns a database (its connection string has the database's name) and talks over the bus.
/// `MaxPoolSize`: the connections one replica keeps to its database at most, unless `Database:MaxPoolSize`
/// or its connection string says otherwise. On two cores PostgreSQL does most work with a few busy backends:
/// requests beyond the pool wait for a connection in the service rather than as PostgreSQL processes competing
/// for the CPU. The pools add up to 60 with one replica each: the reader-facing services get 12, those
/// that work in the background fewer.
/// </summary>
public sealed record DataService(string Name, string ProjectDirectory, string Database, int MaxPoolSize) : PlatformService(Name, ProjectDirectory);

/// <summary>Every program of the platform. Names are written here only; everything else refers to these.</summary>
public static class PlatformServices
{
    public static DataService Identity { get; } = new("identity", "services/Identity", "identitydb", MaxPoolSize: 12);
    public static DataService Posts { get; } = new("posts", "services/Posts", "postsdb", MaxPoolSize: 12);
    public static DataService Comments { get; } = new("comments", "services/Comments", "commentsdb", MaxPoolSize: 12);
    public static DataService Moderation { get; } = new("moderation", "services/Moderation", "moderationdb", MaxPoolSize: 6);
    public static DataService Webhooks { get; } = new("webhooks", "services/Webhooks", "webhooksdb", MaxPoolSize: 4);
    /// <summary>Uploaded images: their variants, and the files themselves in a blob store.</summary>
    public static DataService Media { get; } = new("media", "services/Media", "mediadb", MaxPoolSize: 4);
    /// <summary>Readers' inboxes: what happened that concerns them, from every service's events.</summary>
    public static DataService Notifications { get; } = new("notifications", "services/Notifications", "notificationsdb", MaxPoolSize: 6);
    /// <summary>The fediverse: every account an ActivityPub actor, posts delivered to remote followers.</summary>
    public static DataService Federation { get; } = new("federation", "services/Federation", "federationdb", MaxPoolSize: 4);
    /// <summary>The server-rendered site: it owns no data and calls the APIs on the reader's behalf.</summary>
    public static PlatformService Web { get; } = new("web", "services/Web");
    /// <summary>The one public entry, in front of every other program.</summary>
    public static PlatformService Gateway { get; } = new("gateway", "gateway");

    /// <summary>What the gateway routes to, in this order (a service's direct port is `ServicesFrom` + its index).</summary>
    public static ImmutableArray<PlatformService> Downstream { get; } = [Identity, Posts, Comments, Moderation, Webhooks, Web, Media, Notifications, Federation];

    /// <summary>Every program: what the gateway routes to, and the gateway.</summary>
    public static ImmutableArray<PlatformService> Programs { get; } = [.. Downstream, Gateway];

    /// <summary>The services that own a database.</summary>
    public static IEnumerable<DataService> WithDatabase => Downstream.OfType<DataService>();
}

/// <summary>The shared servers' resource names: the connection strings' names (`ConnectionStrings:redis`) and their health entries.</summary>
public static class PlatformResources
{
    public const string Redis = "redis", RabbitMq = "rabbitmq";
}
