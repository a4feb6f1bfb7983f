using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Blog.TestSupport;

/// An independent ActivityPub server beside the tests: Fedify (npm `@fedify/fedify`) in FediversePeer/peer.mjs,
/// run with the machine's Node.js on 127.0.0.1, its packages installed from the lock file on first use.
/// It has one account, `peer`; it records the activities delivered to it that Fedify verified, and the
/// tests make it discover, follow, unfollow, like, reply and edit or delete its replies through its /control routes.
public sealed class FediversePeer(int port) : IAsyncDisposable
{
    static readonly string Folder = Path.Combine(TestInfrastructure.RepositoryRoot, "tests", "TestSupport", "FediversePeer");
    readonly string stateDirectory = Path.Combine(TestInfrastructure.StateDirectory, $"fediverse-peer-{port}");
    readonly HttpClient control = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
    Process? process;

    public string Origin => $"http://127.0.0.1:{port}";
    public string ActorId => $"{Origin}/users/peer";

    /// Starts the server unless it runs.
    public async Task StartAsync()
    {
        if (process is { HasExited: false }) return;
        await InstallAsync();
        Directory.CreateDirectory(stateDirectory);
        var log = Path.Combine(stateDirectory, "peer.log");
        process = Process.Start(new ProcessStartInfo("bash", ["-c", $"exec node peer.mjs {port.ToString(CultureInfo.InvariantCulture)} '{stateDirectory}' >>'{log}' 2>&1"])
        {
            WorkingDirectory = Folder,
        })!;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                using var response = await control.GetAsync("/control/health");
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"the Fedify server on port {port} (log: {log})", TimeSpan.FromSeconds(60));
    }

    /// SIGTERM: a server that goes away (connections refused until it is started again).
    public async Task StopAsync()
    {
        if (process is null) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        process = null;
    }

    static async Task InstallAsync()
    {
        if (File.Exists(Path.Combine(Folder, "node_modules", "@fedify", "fedify", "package.json"))) return;
        using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"])
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = npm.StandardOutput.ReadToEndAsync();
        var errors = npm.StandardError.ReadToEndAsync();
        await npm.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        if (npm.ExitCode != 0) throw new InvalidOperationException($"npm ci for the Fedify server failed ({npm.ExitCode}): {await output}\n{await errors}");
    }

    /// The activities delivered to the peer whose signatures Fedify verified, as JSON-LD (compacted).
    public async Task<List<JsonElement>> ReceivedAsync() =>
        (await control.GetFromJsonAsync<List<JsonElement>>("/control/received"))!;

    /// The received activities of `type` whose object (or its id) is `objectId`.
    public async Task<List<JsonElement>> ReceivedAsync(string type, string objectId) =>
        [.. (await ReceivedAsync()).Where(a => Text(a, "type") == type && ObjectId(a) == objectId)];

    public static string? ObjectId(JsonElement activity) =>
        activity.TryGetProperty("object", out var target)
            ? target.ValueKind == JsonValueKind.String ? target.GetString() : Text(target, "id")
            : null;

    public static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// WebFinger (`acct:name@host`) then the actor document, as a Mastodon server finds an account.
    public Task<JsonElement> DiscoverAsync(string acct) => ControlAsync("/control/discover", new { acct });

    /// Sends a `Follow` of `actor` (the answer comes later, as an `Accept` in its inbox).
    public Task<JsonElement> FollowAsync(string actor) => ControlAsync("/control/follow", new { actor });

    /// Sends an `Undo` of its last `Follow` of `actor`.
    public Task<JsonElement> UndoFollowAsync(string actor) => ControlAsync("/control/undo", new { actor });

    /// Sends a `Like` of `objectId` to `actor` (the post's author), and its `Undo`.
    public Task<JsonElement> LikeAsync(string actor, string objectId) => ControlAsync("/control/like", new { actor, @object = objectId });
    public Task<JsonElement> UnlikeAsync(string actor, string objectId) => ControlAsync("/control/unlike", new { actor, @object = objectId });

    /// Sends `actor` a `Create` of a note replying to `inReplyTo`: public, or (`direct`) addressed to `actor` alone; answers its id.
    public async Task<string> ReplyAsync(string actor, string inReplyTo, string content, bool direct = false) =>
        (await ControlAsync("/control/reply", new { actor, inReplyTo, content, direct })).GetProperty("noteId").GetString()!;

    /// Sends `actor` an `Update` of one of the peer's notes with new content, `updated` at that time (now unless given).
    public Task<JsonElement> EditNoteAsync(string actor, string noteId, string content, DateTimeOffset? updated = null) =>
        ControlAsync("/control/edit-note", new { actor, noteId, content, updated = updated?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) });

    /// Sends `actor` a `Delete` of one of the peer's notes (a `Tombstone`, as Mastodon does).
    public Task<JsonElement> DeleteNoteAsync(string actor, string noteId) => ControlAsync("/control/delete-note", new { actor, noteId });

    async Task<JsonElement> ControlAsync(string path, object body)
    {
        using var response = await control.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} failed: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        control.Dispose();
    }
}
