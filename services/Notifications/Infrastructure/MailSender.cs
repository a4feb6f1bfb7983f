using Blog.Notifications.Model;
using Blog.ServiceDefaults.Hosting;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Blog.Notifications.Infrastructure;

/// <summary>
/// Sends the mail queue over SMTP (MailKit), every `Mail:SendInterval`. A batch is claimed by moving its
/// next attempt past a lease (replicas skip claimed mails), and each mail is marked sent the moment the
/// server has taken it: a mail server that is down loses nothing (tried again, 30 s doubling to an hour),
/// and a mail marked sent is never sent again. Only a crash between the server's acceptance and that mark
/// can repeat a mail, after the lease; its Message-ID is the same, so the reader's mail client can tell.
/// </summary>
public sealed class MailSender(IServiceScopeFactory scopes, IOptions<MailOptions> options, TimeProvider clock, ILogger<MailSender> logger)
    : PeriodicWorker(options.Value.SendInterval, clock, logger)
{
    const int Batch = 50;
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    protected override string WorkName => "Sending notification mail";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (options.Value.SmtpHost is not { Length: > 0 }) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        while (await SendBatchAsync(db, cancellationToken) == Batch) db.ChangeTracker.Clear();
    }

    async Task<int> SendBatchAsync(NotificationsDbContext db, CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        var claimed = await db.OutgoingMails.FromSql($"""
            UPDATE outgoing_mails SET next_attempt_at = {now + Lease}
            WHERE id IN (SELECT id FROM outgoing_mails WHERE sent_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= {now}
                         ORDER BY next_attempt_at LIMIT {Batch} FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);
        if (claimed.Count == 0) return 0;

        using var client = new SmtpClient();
        string? failure = null;
        try
        {
            await ConnectAsync(client, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or SmtpProtocolException or SmtpCommandException or AuthenticationException)
        {
            failure = ex.Message;
        }
        foreach (var mail in claimed.OrderBy(m => m.CreatedAt))
        {
            var error = failure;
            if (error is null)
            {
                try
                {
                    await client.SendAsync(MessageOf(mail), cancellationToken);
                    await db.OutgoingMails.Where(m => m.Id == mail.Id)
                        .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, Clock.GetUtcNow()).SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
                    continue;
                }
                catch (Exception ex) when (ex is IOException or SmtpProtocolException or SmtpCommandException or ServiceNotConnectedException)
                {
                    error = ex.Message;
                    if (ex is not SmtpCommandException) failure = ex.Message;
                }
            }
            await RetryLaterAsync(db, mail, error, cancellationToken);
        }
        if (client.IsConnected) await client.DisconnectAsync(quit: true, cancellationToken);
        return claimed.Count;
    }

    async Task ConnectAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        var mail = options.Value;
        await client.ConnectAsync(mail.SmtpHost!, mail.SmtpPort, SecureSocketOptions.StartTlsWhenAvailable, cancellationToken);
        if (mail.SmtpUsername is { Length: > 0 } user) await client.AuthenticateAsync(user, mail.SmtpPassword ?? "", cancellationToken);
    }

    async Task RetryLaterAsync(NotificationsDbContext db, OutgoingMail mail, string error, CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        var wait = TimeSpan.FromTicks(Math.Min(options.Value.LongestRetryAfter.Ticks, options.Value.FirstRetryAfter.Ticks * (1L << Math.Min(mail.Attempts, 20))));
        var abandon = now - mail.CreatedAt > options.Value.GiveUpAfter;
        if (abandon) Logger.LogWarning("Gave up mail {Mail} to {User} after {Attempts} attempts: {Error}", mail.Id, mail.UserId, mail.Attempts + 1, error);
        var reason = error.Length > 1000 ? error[..1000] : error;
        await db.OutgoingMails.Where(m => m.Id == mail.Id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Attempts, m => m.Attempts + 1)
            .SetProperty(m => m.NextAttemptAt, now + wait)
            .SetProperty(m => m.LastError, reason)
            .SetProperty(m => m.AbandonedAt, abandon ? now : (DateTimeOffset?)null), cancellationToken);
    }

    MimeMessage MessageOf(OutgoingMail mail)
    {
        var message = new MimeMessage { Subject = mail.Subject, MessageId = $"{mail.Id}@{MailboxAddress.Parse(options.Value.Sender).Domain}" };
        message.From.Add(MailboxAddress.Parse(options.Value.Sender));
        message.To.Add(MailboxAddress.Parse(mail.To));
        if (mail.UnsubscribeUrl is { } unsubscribe)
        {
            // RFC 8058: mail clients offer "Unsubscribe", which POSTs `List-Unsubscribe=One-Click` to this address.
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody }.ToMessageBody();
        return message;
    }
}
