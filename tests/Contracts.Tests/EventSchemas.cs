using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace Blog.Contracts.Tests;

/// JSON schemas of the event records as System.Text.Json writes them on the wire (camelCase), reduced
/// to what the contract promises: each field's type (with null when it may be null) and format, and
/// which fields every message has.
public static class EventSchemas
{
    static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        // System.Text.Json 10 throws while writing the default of a `Guid x = default` constructor parameter
        // into a schema; describing the records as created without their constructor avoids it, and the
        // required fields are still the constructor's parameters without a default.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers = { info => { if (info.Kind == JsonTypeInfoKind.Object) info.CreateObject = () => RuntimeHelpers.GetUninitializedObject(info.Type); } },
        },
    };

    /// Every event type: the public records of Blog.Contracts.
    public static IReadOnlyList<Type> EventTypes { get; } = typeof(PostPublished).Assembly.GetExportedTypes()
        .Where(t => t.Namespace == "Blog.Contracts" && t.IsClass && t.GetMethod("<Clone>$") is not null)
        .OrderBy(t => t.Name, StringComparer.Ordinal).ToList();

    public static JsonNode Generated(Type type) => Reduce(JsonSchemaExporter.GetJsonSchemaAsNode(Wire, type,
        new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true }));

    /// `{ properties: { name: { type: [...], format?, items? } }, required: [...] }`, sorted, so two
    /// schemas compare as text whatever their key order or extra annotations (descriptions, examples).
    public static JsonNode Reduce(JsonNode schema)
    {
        var properties = new JsonObject();
        foreach (var (name, property) in ((JsonObject)schema["properties"]!).OrderBy(p => p.Key, StringComparer.Ordinal))
            properties[name] = ReduceProperty(property!);
        var required = new JsonArray(((schema["required"] as JsonArray) ?? []).Select(r => (JsonNode?)r!.GetValue<string>())
            .OrderBy(r => r!.GetValue<string>(), StringComparer.Ordinal).ToArray());
        return new JsonObject { ["properties"] = properties, ["required"] = required };
    }

    static JsonObject ReduceProperty(JsonNode property)
    {
        var types = property["type"] switch
        {
            JsonArray many => many.Select(t => t?.GetValue<string>() ?? "null").ToList(),
            JsonNode one => [one.GetValue<string>()],
            null => [],
        };
        var reduced = new JsonObject { ["type"] = new JsonArray(types.Order(StringComparer.Ordinal).Select(t => (JsonNode?)t).ToArray()) };
        if (property["format"] is JsonNode format) reduced["format"] = format.GetValue<string>();
        if (property["items"] is JsonNode items) reduced["items"] = ReduceProperty(items);
        return reduced;
    }
}
