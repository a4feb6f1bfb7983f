using System.Security.Cryptography;

namespace Blog.Notifications.Model;

/// <summary>How a reader wants to hear of one kind by e-mail.</summary>
public enum MailDelivery { Off, Instant, Daily }

/// <summary>
/// Where a reader's notification mail goes. Mail is sent only once the address is confirmed (the link in
/// the confirmation mail), and only about what happened after that.
/// </summary>
public sealed class MailAddress
{
    public Guid UserId { get; set; }
    public string Address { get; set; } = "";
    public DateTimeOffset? VerifiedAt { get; set; }
    /// <summary>SHA-256 of the confirmation link's token (the token itself is only in the mail).</summary>
    public string? ConfirmationHash { get; set; }
    public DateTimeOffset? ConfirmationSentAt { get; set; }
    /// <summary>The secret in every mail's unsubscribe link: whoever holds a mail may stop the mail, and no one else.</summary>
    public string UnsubscribeKey { get; set; } = NewSecret();
    /// <summary>When the reader's last digest was put in the queue.</summary>
    public DateTimeOffset? LastDigestAt { get; set; }

    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}

/// <summary>A reader's choice for one kind; kinds without one take <see cref="MailDefaults"/>.</summary>
public sealed class MailPreference
{
    public Guid UserId { get; set; }
    public string Kind { get; set; } = "";
    public MailDelivery Delivery { get; set; }
}

public static class MailDefaults
{
    /// <summary>What happens to me or my words comes at once; new posts of followed bloggers in the daily digest.</summary>
    public static MailDelivery For(string kind) => kind == NotificationKinds.FollowedPost ? MailDelivery.Daily : MailDelivery.Instant;
}

/// <summary>
/// A mail waiting to be sent, or sent: the queue survives restarts and a mail server that is down (it is
/// tried again with back-off), and a mail marked sent is never sent again.
/// </summary>
public sealed class OutgoingMail
{
    /// <summary>Also the mail's Message-ID, so a receiver can tell a repeat.</summary>
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string To { get; set; } = "";
    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public string HtmlBody { get; set; } = "";
    /// <summary>The one-click unsubscribe address (`List-Unsubscribe`), none for a confirmation mail.</summary>
    public string? UnsubscribeUrl { get; set; }
    /// <summary>`instant`, `digest` or `confirmation`: the rate limit counts instant mails only.</summary>
    public string Purpose { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>Set when the queue stopped trying (`Mail:GiveUpAfter`).</summary>
    public DateTimeOffset? AbandonedAt { get; set; }

    public const string Instant = "instant", Digest = "digest", Confirmation = "confirmation";
}
