namespace Blog.Federation.Model;

/// <summary>A post as the fediverse is told of it (from Posts' events): an `Article` of its author.</summary>
public sealed class FederatedPost
{
    public Guid PostId { get; set; }
    public Guid AuthorId { get; set; }
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>The post's page on the site.</summary>
    public string Url { get; set; } = "";
    public List<string> Tags { get; set; } = [];
    public DateTimeOffset PublishedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    /// <summary>False once unpublished or deleted: its object answers 410 Gone and followers were sent a `Delete`.</summary>
    public bool Public { get; set; }
}

/// <summary>
/// One activity for one remote inbox, signed by its sender when sent. Retried with back-off until the
/// server takes it (2xx), refuses it for good (4xx other than 408 and 429, 410 Gone), or `GiveUpAfter` passes.
/// </summary>
public sealed class Delivery
{
    public Guid Id { get; set; }
    public string Inbox { get; set; } = "";
    public Guid SenderId { get; set; }
    /// <summary>The activity's JSON, fixed when queued: every attempt sends the same bytes.</summary>
    public string Activity { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset? AbandonedAt { get; set; }
    public string? LastError { get; set; }
}
