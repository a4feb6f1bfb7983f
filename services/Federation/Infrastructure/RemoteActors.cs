using System.Net.Http.Headers;
using System.Text.Json;
using Blog.Federation.Model;
using Blog.ServiceDefaults.Outbound;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blog.Federation.Infrastructure;

/// <summary>
/// Remote actors: fetched from their servers (through the SSRF-guarded client, https only unless tests
/// allow http, 1 MB at most) and kept in the database for `ActorCacheFor`. A fetched document counts only
/// when its id is the address asked for (a server speaks only for its own accounts).
/// </summary>
public sealed class RemoteActors(FederationDbContext db, GuardedHttpClient http, IOptions<FederationOptions> options, TimeProvider clock, ILogger<RemoteActors> logger)
{
    const int MaxDocumentBytes = 1024 * 1024;
    public const string ActivityJson = "application/activity+json";
    public const string LinkedDataJson = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

    /// <summary>Why `url` may not be fetched from or delivered to, or null when it may.</summary>
    public string? WhyNotAllowed(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return "not an absolute URL";
        if (uri.Scheme != Uri.UriSchemeHttps && !(options.Value.AllowHttp && uri.Scheme == Uri.UriSchemeHttp)) return "not https";
        return uri.UserInfo.Length > 0 ? "has a user name or password" : null;
    }

    /// <summary>The actor with this id: the stored copy while fresh, else fetched again (`refresh` forces it).</summary>
    public async Task<RemoteActor?> GetAsync(string actorId, bool refresh, CancellationToken cancellationToken)
    {
        var stored = await db.RemoteActors.SingleOrDefaultAsync(a => a.Id == actorId, cancellationToken);
        if (stored is not null && !refresh && clock.GetUtcNow() - stored.FetchedAt < options.Value.ActorCacheFor) return stored;
        var document = await FetchAsync(actorId, cancellationToken);
        if (document is not { } actor || Text(actor, "id") != actorId) return stored;
        return Store(stored, actor);
    }

    /// <summary>The actor owning the key `keyId` (an actor's `#main-key`, or a key document naming its owner).</summary>
    public async Task<RemoteActor?> ForKeyAsync(string keyId, bool refresh, CancellationToken cancellationToken)
    {
        if (!refresh)
        {
            var stored = await db.RemoteActors.FirstOrDefaultAsync(a => a.KeyId == keyId, cancellationToken);
            if (stored is not null && clock.GetUtcNow() - stored.FetchedAt < options.Value.ActorCacheFor) return stored;
        }
        var withoutFragment = keyId.Split('#')[0];
        if (await FetchAsync(withoutFragment, cancellationToken) is not { } document) return null;
        // A key document (`CryptographicKey` with its owner) sends us to the owner; an actor holds its keys.
        var ownerId = document.TryGetProperty("publicKey", out _) ? Text(document, "id") : Text(document, "owner");
        if (ownerId is null || SameOrigin(ownerId, keyId) is false) return null;
        var actor = await GetAsync(ownerId, refresh: true, cancellationToken);
        return actor?.KeyId == keyId ? actor : null;
    }

    RemoteActor? Store(RemoteActor? stored, JsonElement document)
    {
        var id = Text(document, "id")!;
        var inbox = Text(document, "inbox");
        var key = Keys(document).FirstOrDefault(k => Text(k, "owner") == id && Text(k, "publicKeyPem") is not null);
        if (inbox is null || WhyNotAllowed(inbox) is not null || key.ValueKind != JsonValueKind.Object || Text(key, "id") is not { } keyId) return stored;
        var actor = stored ?? db.RemoteActors.Add(new RemoteActor { Id = id }).Entity;
        actor.Inbox = inbox;
        var shared = document.TryGetProperty("endpoints", out var endpoints) && endpoints.ValueKind == JsonValueKind.Object ? Text(endpoints, "sharedInbox") : null;
        actor.SharedInbox = shared is not null && WhyNotAllowed(shared) is null ? shared : null;
        actor.KeyId = keyId;
        actor.PublicKeyPem = Text(key, "publicKeyPem")!;
        var username = Text(document, "preferredUsername") ?? id.Split('/')[^1];
        actor.Username = username.Length > 100 ? username[..100] : username;
        actor.Host = new Uri(id).Authority;
        var name = Text(document, "name");
        actor.Name = name is { Length: > 200 } ? name[..200] : name;
        // Shown as a link in the site: an http(s) address only (never `javascript:`).
        actor.Url = document.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String
            && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var page) && (page.Scheme == Uri.UriSchemeHttps || page.Scheme == Uri.UriSchemeHttp)
            ? page.AbsoluteUri : null;
        actor.FetchedAt = clock.GetUtcNow();
        return actor;
    }

    static List<JsonElement> Keys(JsonElement actor) =>
        !actor.TryGetProperty("publicKey", out var keys) ? []
        : keys.ValueKind == JsonValueKind.Array ? [.. keys.EnumerateArray()]
        : [keys];

    static bool? SameOrigin(string a, string b) =>
        Uri.TryCreate(a, UriKind.Absolute, out var x) && Uri.TryCreate(b, UriKind.Absolute, out var y)
            ? Uri.Compare(x, y, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            : null;

    /// <summary>An ActivityPub document (an object), or null when it cannot be had.</summary>
    public async Task<JsonElement?> FetchAsync(string url, CancellationToken cancellationToken)
    {
        if (WhyNotAllowed(url) is { } why)
        {
            logger.LogInformation("Not fetching {Url}: {Reason}", url, why);
            return null;
        }
        if (await db.IsBlockedAsync(new Uri(url).Host, cancellationToken)) return null;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ActivityJson));
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(LinkedDataJson));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxDocumentBytes) return null;
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            if (await body.ReadAtMostAsync(MaxDocumentBytes, cancellationToken) is not { } bytes) return null;
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Fetching {Url} failed: {Reason}", url, ex.Message);
            return null;
        }
    }

    /// <summary>A string property, or the `id` of an object property.</summary>
    public static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Object when value.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String => id.GetString(),
                _ => null,
            }
            : null;
}
