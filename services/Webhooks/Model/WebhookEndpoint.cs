namespace Blog.Webhooks.Model;

/// <summary>
/// An integrator's receiver: where to POST which events, and the secret that signs them. It stops
/// (`Enabled` false, with the reason) when the receiver answers 410 Gone or keeps failing too long.
/// </summary>
public sealed class WebhookEndpoint
{
    public Guid Id { get; set; }
    public string Url { get; set; } = "";
    public string Secret { get; set; } = "";
    public List<string> Events { get; set; } = [];
    public string Description { get; set; } = "";
    public Guid OwnerId { get; set; }
    public string OwnerUsername { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public bool Enabled { get; set; } = true;
    public string? DisabledReason { get; set; }
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>When the current run of failed attempts began; cleared by a success.</summary>
    public DateTimeOffset? FailingSince { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }
    public string? LastError { get; set; }
}
