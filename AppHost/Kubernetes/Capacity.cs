using Blog.Topology;

namespace Blog.AppHost.Kubernetes;

/// <summary>
/// What one replica of a program asks for and how far it scales in production, from `./blog bench`
/// (docs/benchmarks.md; the arithmetic is in docs/scaling.md): a service's resident memory is 220–280 MB
/// (the floor is the runtime and framework), so 320Mi requested and 640Mi allowed; CPU is what a replica
/// uses at the load one replica carries in the bench.
/// </summary>
public sealed record Capacity(string CpuRequest, string MemoryRequest, string CpuLimit, string MemoryLimit, int MinReplicas, int MaxReplicas)
{
    /// <summary>Messages waiting per replica of a consumer before KEDA adds one: a few seconds of work at the
    /// bench's rate (about 60 events a second through the outbox, a consumer handling more than that).</summary>
    public const int QueueDepthPerReplica = 200;

    /// <summary>The CPU share at which the autoscaler adds a replica.</summary>
    public const int TargetCpuPercent = 70;

    static readonly Capacity Api = new("250m", "320Mi", "1", "640Mi", MinReplicas: 2, MaxReplicas: 6);

    static readonly Dictionary<PlatformService, Capacity> Sizes = new()
    {
        // Every read passes here; its edge cache answers ~16–19k anonymous reads a second per replica.
        [PlatformServices.Gateway] = new("500m", "320Mi", "2", "640Mi", MinReplicas: 2, MaxReplicas: 10),
        // Signed-in pages are rendered here: ~150–190 a second per replica, the first thing to saturate.
        [PlatformServices.Web] = new("500m", "320Mi", "2", "640Mi", MinReplicas: 2, MaxReplicas: 20),
        [PlatformServices.Posts] = Api with { MaxReplicas = 8 },
        // 46–136 comments a second per replica, depending on how much of the work their events cause shares its cores.
        [PlatformServices.Comments] = Api with { MaxReplicas = 8 },
        [PlatformServices.Identity] = Api,
        [PlatformServices.Moderation] = Api with { MaxReplicas = 4 },
        // Deliveries wait on receivers, not on CPU: few replicas, scaled by their queue.
        [PlatformServices.Webhooks] = Api with { MaxReplicas = 4 },
        // An upload decodes up to 40 megapixels (160 MB) with a few copies while it is resized: room for two at once.
        [PlatformServices.Media] = new("250m", "512Mi", "2", "1536Mi", MinReplicas: 2, MaxReplicas: 6),
        // Counting a reader's unread notifications is on every signed-in page.
        [PlatformServices.Notifications] = Api with { MaxReplicas = 6 },
        // Remote servers fetch actors and deliver to inboxes; deliveries out wait on them, not on CPU.
        [PlatformServices.Federation] = Api with { MaxReplicas = 4 },
    };

    public static Capacity Of(PlatformService service) => Sizes[service];
}
