using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Blog.TestSupport;

/// A real SMTP server of a test's own (infra/smtp.sh: smtp4dev), with its inbox read through its API;
/// the test may stop and start it (a mail server down during a burst).
public sealed class MailServer : IAsyncDisposable
{
    readonly string[] arguments;
    System.Diagnostics.Process? server;

    MailServer(int smtpPort, int inboxPort)
    {
        SmtpPort = smtpPort;
        InboxPort = inboxPort;
        arguments = [Path.Combine(TestInfrastructure.StateDirectory, $"smtp-{smtpPort}"), smtpPort.ToString(CultureInfo.InvariantCulture),
            inboxPort.ToString(CultureInfo.InvariantCulture)];
        Inbox = new MailInbox(inboxPort);
    }

    public int SmtpPort { get; }
    public int InboxPort { get; }
    public MailInbox Inbox { get; }

    public static async Task<MailServer> StartAsync(int smtpPort, int inboxPort)
    {
        var server = new MailServer(smtpPort, inboxPort);
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        server = InfraScript.Start("smtp.sh", arguments);
        await Eventually.TrueAsync(async () => await InfraScript.AcceptsConnectionsAsync(SmtpPort) && await InboxAnswersAsync(),
            $"the mail server on port {SmtpPort}", TimeSpan.FromSeconds(120));
    }

    async Task<bool> InboxAnswersAsync()
    {
        try
        {
            await Inbox.MailsToAsync("nobody@mail.test");
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public async Task StopAsync()
    {
        if (server is null) return;
        await InfraScript.StopAsync(server);
        server = null;
        await Eventually.TrueAsync(async () => !await InfraScript.AcceptsConnectionsAsync(SmtpPort), $"the mail server on port {SmtpPort} to stop",
            TimeSpan.FromSeconds(60));
    }

    /// The raw source (RFC 5322) of every mail the server holds for `address`, oldest first.
    public Task<IReadOnlyList<string>> MailsToAsync(string address) => Inbox.MailsToAsync(address);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Inbox.Dispose();
    }
}

/// The inbox of a local mail server (smtp4dev's API): what the platform sent, read as a test reads it.
public sealed class MailInbox(int port) : IDisposable
{
    readonly HttpClient inbox = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

    /// The raw source (RFC 5322) of every mail the server holds for `address`, oldest first.
    public async Task<IReadOnlyList<string>> MailsToAsync(string address)
    {
        var list = await inbox.GetFromJsonAsync<JsonElement>("/api/messages?pageSize=1000");
        var ids = list.GetProperty("results").EnumerateArray()
            .Where(m => m.GetProperty("to").EnumerateArray().Any(to => string.Equals(to.GetString(), address, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(m => m.GetProperty("receivedDate").GetDateTimeOffset())
            .Select(m => m.GetProperty("id").GetString()!).ToList();
        var mails = new List<string>();
        foreach (var id in ids) mails.Add(await inbox.GetStringAsync($"/api/messages/{id}/raw"));
        return mails;
    }

    public void Dispose() => inbox.Dispose();
}
