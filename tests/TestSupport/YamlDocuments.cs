using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace Blog.TestSupport;

/// A YAML document (OpenAPI, AsyncAPI) read as JSON, so tests walk it like any JSON.
public static class YamlDocuments
{
    public static JsonNode Load(string path)
    {
        var yaml = new DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(path));
        var json = new SerializerBuilder().JsonCompatible().Build().Serialize(yaml!);
        return JsonNode.Parse(json)!;
    }
}
