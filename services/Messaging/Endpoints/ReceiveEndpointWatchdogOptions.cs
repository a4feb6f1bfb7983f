namespace Blog.Messaging.Endpoints;

/// <summary>`Messaging:EndpointWatchdog:*`.</summary>
public sealed class ReceiveEndpointWatchdogOptions
{
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a receive endpoint may stay not ready (starting, faulted, stopped) before it is restarted.
    /// Longer than a broker restart usually takes, during which MassTransit's own retries are at work.
    /// </summary>
    public TimeSpan RestartAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long stopping a stuck endpoint may take before the restart is given up until the next check.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
