namespace Blog.Federation.Infrastructure;

/// <summary>`Federation:*` settings. The defaults are the product's; tests shorten the delays.</summary>
public sealed class FederationOptions
{
    /// <summary>The first retry of a delivery waits about this long; each next one twice as long, up to `RetryMaxDelay`.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>A delivery failing this long is given up, and the followers behind that inbox are dropped (a gone server).</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>One request's limit to a remote server, from connecting to the last byte of the answer.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan SendInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a fetched remote actor (its inbox and key) is trusted before it is fetched again.</summary>
    public TimeSpan ActorCacheFor { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How far a signed request's `Date` may be from now.</summary>
    public TimeSpan SignatureWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Networks (CIDR) remote servers may be in although private or loopback. Empty by default: every
    /// private, loopback and link-local address is refused (SSRF), as for webhooks.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>Whether remote servers may be plain http. Only for tests on one machine: the fediverse is https.</summary>
    public bool AllowHttp { get; set; }
}
