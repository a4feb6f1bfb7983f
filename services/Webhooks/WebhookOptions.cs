namespace Blog.Webhooks;

/// <summary>`Webhooks:*` settings. The defaults are the product's; tests shorten the delays.</summary>
public sealed class WebhookOptions
{
    /// <summary>The first retry waits about this long; each next one twice as long, up to `RetryMaxDelay`.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A delivery failing for this long is given up; an endpoint failing for this long is disabled.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>One attempt's limit, from connecting to the last byte of the answer.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
    public int BatchSize { get; set; } = 32;

    /// <summary>
    /// Networks (CIDR, e.g. `10.20.0.0/16`) that receivers may be in although private or loopback.
    /// Empty by default: every private, loopback and link-local address is refused (SSRF).
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];
}
