using System.Net;
using System.Text;

namespace Blog.Notifications.Model;

/// <summary>A notification as a mail tells it: a sentence, the link, and the comment's start.</summary>
public sealed record MailItem(string Kind, string? Actor, string? PostTitle, string? Link, string? Excerpt, string? Reason, DateTimeOffset? Until)
{
    public string Sentence => Kind switch
    {
        NotificationKinds.CommentReply => $"{Actor} replied to your comment on “{PostTitle}”",
        NotificationKinds.PostComment => $"{Actor} commented on “{PostTitle}”",
        NotificationKinds.Mention => $"{Actor} mentioned you in a comment on “{PostTitle}”",
        NotificationKinds.FollowedPost => $"{Actor} published “{PostTitle}”",
        NotificationKinds.CommentHeld => $"Your comment on “{PostTitle}” is held until a moderator looks at it",
        NotificationKinds.CommentApproved => $"Your comment on “{PostTitle}” was approved",
        NotificationKinds.CommentRejected => $"Your comment on “{PostTitle}” was rejected",
        NotificationKinds.AccountSuspended => $"Your account is suspended until {Until:yyyy-MM-dd HH:mm} UTC",
        NotificationKinds.AccountReinstated => "Your suspension was lifted",
        _ => "Something happened",
    };
}

/// <summary>Mails in plain text and HTML (every value HTML-encoded), each ending with how to change or stop them.</summary>
public static class MailText
{
    public static (string Subject, string Text, string Html) Notifications(string site, IReadOnlyList<MailItem> items, bool digest, string settingsUrl, string unsubscribeUrl)
    {
        var subject = items.Count == 1 && !digest ? items[0].Sentence
            : digest ? $"Your daily digest from {site}: {items.Count} notification{(items.Count == 1 ? "" : "s")}"
            : $"{items.Count} new notifications on {site}";
        var text = new StringBuilder();
        var html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        foreach (var item in items)
        {
            text.Append("* ").Append(item.Sentence).Append('\n');
            html.Append("<p>").Append(item.Link is { } href ? $"<a href=\"{Encode(href)}\">{Encode(item.Sentence)}</a>" : Encode(item.Sentence)).Append("</p>");
            if (item.Excerpt is { Length: > 0 } excerpt)
            {
                text.Append("  “").Append(excerpt).Append("”\n");
                html.Append("<blockquote>").Append(Encode(excerpt)).Append("</blockquote>");
            }
            if (item.Reason is { Length: > 0 } reason)
            {
                text.Append("  Reason: ").Append(reason).Append('\n');
                html.Append("<p>Reason: ").Append(Encode(reason)).Append("</p>");
            }
            if (item.Link is { } link) text.Append("  ").Append(link).Append('\n');
            text.Append('\n');
        }
        text.Append("--\nChoose what we e-mail you: ").Append(settingsUrl).Append("\nStop all e-mail from ").Append(site).Append(": ").Append(unsubscribeUrl).Append('\n');
        html.Append("<hr><p style=\"font-size:small\"><a href=\"").Append(Encode(settingsUrl)).Append("\">Choose what we e-mail you</a> · <a href=\"")
            .Append(Encode(unsubscribeUrl)).Append("\">Stop all e-mail from ").Append(Encode(site)).Append("</a></p></body></html>");
        return (subject, text.ToString(), html.ToString());
    }

    public static (string Subject, string Text, string Html) Confirmation(string site, string confirmUrl) => (
        $"Confirm your address for {site}",
        $"Someone, probably you, asked {site} to send its notifications to this address.\nTo confirm, open: {confirmUrl}\n\nIf it was not you, ignore this mail: nothing will be sent.\n",
        $"<!DOCTYPE html><html><body style=\"font-family:sans-serif\"><p>Someone, probably you, asked {Encode(site)} to send its notifications to this address.</p>" +
        $"<p><a href=\"{Encode(confirmUrl)}\">Confirm this address</a></p><p>If it was not you, ignore this mail: nothing will be sent.</p></body></html>");

    static string Encode(string value) => WebUtility.HtmlEncode(value);
}
