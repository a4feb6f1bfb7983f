namespace Blog.Notifications.Infrastructure;

/// <summary>Notification mail (section `Mail`). Without `SmtpHost` nothing is sent: the queue keeps the mail until one is set.</summary>
public sealed class MailOptions
{
    /// <summary>The SMTP server (`Mail:SmtpHost`, `Mail:SmtpPort`; plain SMTP, or STARTTLS when the server offers it).</summary>
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 25;
    public string? SmtpUsername { get; set; }
    public string? SmtpPassword { get; set; }
    /// <summary>The sender: `Name &lt;address&gt;`.</summary>
    public string Sender { get; set; } = "Blog <notifications@blog.localhost>";
    /// <summary>How long a notification waits before it is mailed, so moderation can hold a comment first (its text is never mailed then).</summary>
    public TimeSpan HoldFor { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>At most one "at once" mail per reader in this time: more notifications wait for the next mail, together.</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>The hour (UTC, 0-23) from which each reader's daily digest is sent.</summary>
    public int DigestHour { get; set; } = 7;
    /// <summary>How often notifications are gathered into mails, and the queue is sent.</summary>
    public TimeSpan ComposeInterval { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan SendInterval { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>A mail the server refuses or cannot take is tried again after `FirstRetryAfter`, doubling up to `LongestRetryAfter`, for `GiveUpAfter`.</summary>
    public TimeSpan FirstRetryAfter { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan LongestRetryAfter { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(2);
    /// <summary>A confirmation link works this long.</summary>
    public TimeSpan ConfirmationLifetime { get; set; } = TimeSpan.FromDays(2);
}
