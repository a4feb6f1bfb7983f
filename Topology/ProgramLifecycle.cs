namespace Blog.Topology;

/// <summary>How every program of the platform starts, answers health checks and stops: what an orchestrator
/// (the AppHost, Kubernetes) needs to know about it.</summary>
public static class ProgramLifecycle
{
    /// <summary>Answers while the process runs (a liveness probe).</summary>
    public const string AlivePath = "/alive";

    /// <summary>Answers only when the program's database, Redis and RabbitMQ answer (a readiness probe).</summary>
    public const string HealthPath = "/health";

    /// <summary>The port a program listens on in its container image.</summary>
    public const int ContainerPort = 8080;

    /// <summary>Room for in-flight requests, the outbox relay and the bus to finish once the process is asked to stop.</summary>
    public static TimeSpan ShutdownTimeout { get; } = TimeSpan.FromSeconds(20);
}
