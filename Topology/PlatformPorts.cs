namespace Blog.Topology;

/// <summary>The loopback ports one running platform (or the tests' servers) takes. A RabbitMQ node also takes
/// the next two ports (its Erlang distribution and epmd), so sets are spaced to never collide.</summary>
public sealed record PlatformPorts(int Postgres, int Redis, int RabbitMq)
{
    /// <summary>The gateway's public port; null where the orchestrator picks one.</summary>
    public int? Gateway { get; init; }
    /// <summary>Where the downstream services listen directly, one port each from here (see <see cref="PlatformServices.Downstream"/>).</summary>
    public int? ServicesFrom { get; init; }
    /// <summary>The Aspire dashboard and its OTLP endpoint.</summary>
    public int? Dashboard { get; init; }
    public int? Otlp { get; init; }
    /// <summary>The local mail server (SMTP) and its inbox's web page; none where a real mail server is configured.</summary>
    public int? Smtp { get; init; }
    public int? MailInbox { get; init; }
    /// <summary>Ports of helper processes run beside the platform (the bench's baseline and lone gateway, the end-to-end tests' Fedify server).</summary>
    public IReadOnlyList<int> Helpers { get; init; } = [];

    /// <summary>Every port this platform listens on, to check they are free before it starts.</summary>
    public IEnumerable<int> All()
    {
        IEnumerable<int?> ports = [Gateway, Postgres, Redis, RabbitMq, RabbitMq + 1, RabbitMq + 2, Dashboard, Otlp, Smtp, MailInbox];
        if (ServicesFrom is { } first) ports = ports.Concat(PlatformServices.Downstream.Select((_, index) => (int?)(first + index)));
        return ports.OfType<int>().Concat(Helpers);
    }
}

/// <summary>Every port the platform takes, for each way of running it, chosen never to collide with each other
/// or with a system PostgreSQL, Redis or RabbitMQ.</summary>
public static class Ports
{
    /// <summary>`./blog up`.</summary>
    public static PlatformPorts Up { get; } = new(Postgres: 21432, Redis: 22379, RabbitMq: 21672) { Gateway = 8080, Dashboard = 18888, Otlp = 18889, Smtp = 21425, MailInbox = 21426 };

    /// <summary>`./blog bench`: services listen directly (no orchestrator proxy in the measurement).</summary>
    public static PlatformPorts Bench { get; } = new(Postgres: 21452, Redis: 22399, RabbitMq: 21692) { Gateway = 8090, ServicesFrom = 21460, Smtp = 21455, MailInbox = 21456, Helpers = [BenchBaseline, BenchGatewayAlone] };
    /// <summary>The bench's bare Kestrel baseline, and the gateway alone in front of it.</summary>
    public const int BenchBaseline = 8095, BenchGatewayAlone = 8096;

    /// <summary>The servers the tests share (started on first use by TestSupport).</summary>
    public static PlatformPorts Tests { get; } = new(Postgres: 21532, Redis: 22479, RabbitMq: 21772);

    /// <summary>The end-to-end tests' platforms: the shared one, the fault-injection one, the restarted one.</summary>
    /// The shared one's gateway has a fixed port: its address is the site's public one, which a fediverse server beside it calls.
    public static PlatformPorts EndToEnd { get; } = new(Postgres: 21632, Redis: 22579, RabbitMq: 21972) { Gateway = 21620, Smtp = 21625, MailInbox = 21626, Helpers = [EndToEndFediversePeer] };
    public static PlatformPorts EndToEndFaults { get; } = new(Postgres: 21652, Redis: 22599, RabbitMq: 21992) { Smtp = 21655, MailInbox = 21656 };
    public static PlatformPorts EndToEndRestart { get; } = new(Postgres: 21642, Redis: 22589, RabbitMq: 21982) { Smtp = 21645, MailInbox = 21646 };

    /// <summary>Servers a test stops and starts again on its own.</summary>
    public const int TestPostgresOutage = 21552, TestRedisOutage = 22679, TestBrokerOutage = 21872, TestSubscriberBroker = 21892;

    /// <summary>The Notifications tests' mail server (SMTP, and its inbox's web page and API), which a test stops and starts.</summary>
    public const int TestSmtp = 21594, TestMailInbox = 21595;

    /// <summary>The Federation tests: the service listening for real (remote servers call it), and the Fedify server beside it.</summary>
    public const int TestFederation = 21596, TestFediversePeer = 21597;
    /// <summary>The Fedify server beside the shared end-to-end platform.</summary>
    public const int EndToEndFediversePeer = 21621;

    /// <summary>The site's address on this machine under `./blog up`: the default public address (share links, feeds, the demo).</summary>
    public static string LocalSite => SiteOnThisMachine(Up.Gateway!.Value);

    /// <summary>The site's address when its gateway listens on `port` of this machine.</summary>
    public static string SiteOnThisMachine(int port) => $"http://localhost:{port}";

    /// <summary>The port sets by the name the blog script asks for (`AppHost ports up`).</summary>
    public static PlatformPorts? Named(string name) => name switch
    {
        "up" => Up,
        "bench" => Bench,
        "tests" => Tests,
        _ => null,
    };
}
