namespace Blog.Messaging.Endpoints;

/// `Messaging:EndpointWatchdog:*`.
public sealed class ReceiveEndpointWatchdogOptions
{
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// How long a receive endpoint may stay not ready (starting, faulted, stopped) before it is restarted.
    /// Longer than a broker restart usually takes, during which MassTransit's own retries are at work.
    public TimeSpan RestartAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// How long stopping a stuck endpoint may take before the restart is given up until the next check.
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
