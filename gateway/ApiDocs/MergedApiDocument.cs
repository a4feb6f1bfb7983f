using System.Text.Json;
using System.Text.Json.Nodes;
using Blog.ServiceDefaults.Api;

namespace Blog.Gateway.ApiDocs;

/// <summary>
/// The services' OpenAPI documents merged into one, asked through service discovery and kept for a minute
/// (a few seconds when a service did not answer, so its routes come back as soon as it does).
/// </summary>
public sealed class MergedApiDocument(IHttpClientFactory clients, TimeProvider clock, ILogger<MergedApiDocument> logger) : IDisposable
{
    static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1), LifetimeWhenIncomplete = TimeSpan.FromSeconds(5);
    readonly IReadOnlyList<string> services = Downstreams.Names;
    readonly SemaphoreSlim refreshing = new(1, 1);
    (string Json, DateTimeOffset Until)? current;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (current is { } fresh && fresh.Until > clock.GetUtcNow()) return fresh.Json;
        await refreshing.WaitAsync(cancellationToken);
        try
        {
            if (current is { } other && other.Until > clock.GetUtcNow()) return other.Json;
            var documents = await Task.WhenAll(services.Select(service => FetchAsync(service, cancellationToken)));
            var answered = documents.Where(d => d.Document is not null).Select(d => (d.Service, d.Document!)).ToList();
            var json = Merge(answered).ToJsonString();
            current = (json, clock.GetUtcNow() + (answered.Count == services.Count ? Lifetime : LifetimeWhenIncomplete));
            return json;
        }
        finally
        {
            refreshing.Release();
        }
    }

    public void Dispose() => refreshing.Dispose();

    async Task<(string Service, JsonObject? Document)> FetchAsync(string service, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await clients.CreateClient(nameof(MergedApiDocument)).GetAsync($"http://{service}{ApiDescription.DocumentPath}", cancellationToken);
            response.EnsureSuccessStatusCode();
            return (service, await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            logger.LogWarning("The API description of {Service} is left out: {Reason}", service, ex.Message);
            return (service, null);
        }
    }

    /// <summary>
    /// One document: every service's paths, tags, security schemes and schemas. Two services' schemas of
    /// the same name and different content are told apart by the service's name (`CommentsCommentAuthor`).
    /// </summary>
    public static JsonObject Merge(IReadOnlyList<(string Service, JsonObject Document)> documents)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject();
        var securitySchemes = new JsonObject();
        var tags = new JsonArray();
        foreach (var (service, source) in documents)
        {
            var document = (JsonObject)source.DeepClone();
            if (document["components"]?["schemas"] is JsonObject own)
            {
                foreach (var (name, schema) in own.ToList())
                {
                    var merged = name;
                    if (schemas[name] is { } existing && !JsonNode.DeepEquals(existing, schema))
                    {
                        merged = char.ToUpperInvariant(service[0]) + service[1..] + name;
                        RenameReferences(document, $"#/components/schemas/{name}", $"#/components/schemas/{merged}");
                    }
                    schemas[merged] ??= ((JsonObject)document["components"]!["schemas"]!)[name]!.DeepClone();
                }
            }
            foreach (var (name, scheme) in document["components"]?["securitySchemes"] as JsonObject ?? [])
                securitySchemes[name] ??= scheme!.DeepClone();
            foreach (var tag in document["tags"] as JsonArray ?? [])
                if (!tags.Any(t => t!["name"]!.GetValue<string>() == tag!["name"]!.GetValue<string>())) tags.Add(tag!.DeepClone());
            foreach (var (path, item) in document["paths"] as JsonObject ?? [])
            {
                if (paths[path] is JsonObject operations)
                    foreach (var (method, operation) in (JsonObject)item!) operations[method] ??= operation!.DeepClone();
                else paths[path] = item!.DeepClone();
            }
        }
        return new JsonObject
        {
            ["openapi"] = documents.Select(d => d.Document["openapi"]?.GetValue<string>()).FirstOrDefault(v => v is not null) ?? "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "Blog API",
                ["version"] = "1",
                ["description"] = "A superset of the RealWorld (Conduit) API, spec 2.0: its routes answer as the spec says, and our " +
                    "extensions are added fields and routes. Errors carry the spec's `errors` object. Sign in with `POST /api/users/login` " +
                    "and send `Authorization: Token <token>`. Events for integrators: see docs/events.md and docs/asyncapi.yaml.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/" }),
            ["paths"] = new JsonObject(paths.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))),
            ["components"] = new JsonObject { ["schemas"] = schemas, ["securitySchemes"] = securitySchemes },
            ["tags"] = tags,
        };
    }

    static void RenameReferences(JsonNode? node, string from, string to)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue reference && reference.GetValue<string>() == from) obj["$ref"] = to;
                foreach (var (_, child) in obj.ToList()) RenameReferences(child, from, to);
                break;
            case JsonArray array:
                foreach (var child in array) RenameReferences(child, from, to);
                break;
        }
    }
}
