using System.Text.Json.Nodes;
using Blog.TestSupport;
using Json.Schema;

namespace Blog.EndToEnd;

/// The RealWorld ("Conduit") spec 2.0 (docs/realworld-openapi.yml, as the RealWorld project publishes it) as a
/// judge: a real response is checked against the schema the spec gives its operation and status code.
public static class RealWorldSpec
{
    /// The spec's server is `…/api`: its paths are ours without that prefix.
    public const string ApiPrefix = "/api";

    static readonly Lazy<JsonNode> Document = new(() =>
        YamlDocuments.Load(Path.Combine(TestInfrastructure.RepositoryRoot, "docs", "realworld-openapi.yml")));

    public static string Version => Document.Value["info"]!["version"]!.GetValue<string>();

    /// Every operation the spec defines, as "METHOD /path/{template}".
    public static IReadOnlySet<string> Operations =>
        ((JsonObject)Document.Value["paths"]!)
            .SelectMany(path => ((JsonObject)path.Value!).Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key}"))
            .ToHashSet(StringComparer.Ordinal);

    /// What is wrong with an answer to `operation` ("METHOD /path/{template}"): nothing when the spec lists its
    /// status for that operation and the body is valid against that response's schema.
    public static IReadOnlyList<string> Check(string operation, int status, string? mediaType, string body)
    {
        var (method, path) = (operation[..operation.IndexOf(' ')].ToLowerInvariant(), operation[(operation.IndexOf(' ') + 1)..]);
        var definition = Document.Value["paths"]?[path]?[method] ?? throw new ArgumentException($"the spec has no operation {operation}");
        var responses = (JsonObject)definition["responses"]!;
        if (responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] is not { } response)
            return [$"{operation} answered {status}; the spec lists {string.Join(", ", responses.Select(r => r.Key))}"];

        var schema = Resolve(response)["content"]?["application/json"]?["schema"];
        if (schema is null)
            return body.Length == 0 ? [] : [$"{operation} {status}: the spec says no content; the body was {Shorten(body)}"];
        if (mediaType is not ("application/json" or "application/problem+json"))
            return [$"{operation} {status}: the body is {mediaType ?? "untyped"}, not JSON: {Shorten(body)}"];

        var results = JsonSchema.FromText(Inline(schema).ToJsonString()).Evaluate(JsonNode.Parse(body),
            new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return results.IsValid ? []
            : results.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{operation} {status}: {d.InstanceLocation} {e.Value}"))
                .Append($"   in {Shorten(body)}").ToList();
    }

    /// The schema with every `$ref` into the spec replaced by a copy of what it names (the spec has no cycles).
    static JsonNode Inline(JsonNode node) => node switch
    {
        JsonObject reference when reference["$ref"] is JsonValue target => Inline(Resolve(reference)),
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Inline(p.Value)))),
        JsonArray array => new JsonArray(array.Select(item => item is null ? null : Inline(item)).ToArray()),
        _ => node.DeepClone(),
    };

    static JsonNode Resolve(JsonNode node)
    {
        while (node["$ref"]?.GetValue<string>() is { } reference)
        {
            node = reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Aggregate(Document.Value, (current, segment) => current[segment.Replace("~1", "/").Replace("~0", "~")]
                    ?? throw new InvalidOperationException($"the spec's {reference} points nowhere"));
        }
        return node;
    }

    static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
