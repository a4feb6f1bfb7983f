using System.Text.Json;
using System.Text.Json.Nodes;
using Blog.TestSupport;

namespace Blog.Contracts.Tests;

/// docs/asyncapi.yaml must describe the events the code publishes: a field added to a record and not
/// to the document (or the reverse, or a type changed) fails here, naming the difference.
public sealed class AsyncApiDocumentTests
{
    static readonly string DocumentPath = Path.Combine(TestInfrastructure.RepositoryRoot, "docs", "asyncapi.yaml");
    static readonly Lazy<JsonNode> Document = new(() => YamlDocuments.Load(DocumentPath));

    public static TheoryData<string> EventTypeNames() => [.. EventSchemas.EventTypes.Select(t => t.Name)];

    [Fact]
    public void The_document_is_AsyncAPI_3()
    {
        Assert.Equal("3.0.0", Document.Value["asyncapi"]!.GetValue<string>());
        Assert.Equal(EventSchemas.EventTypes.Select(t => t.Name).Order(StringComparer.Ordinal),
            ((JsonObject)Document.Value["components"]!["schemas"]!).Select(s => s.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void Each_event_schema_in_the_document_matches_the_record(string typeName)
    {
        var type = EventSchemas.EventTypes.Single(t => t.Name == typeName);
        var generated = EventSchemas.Generated(type);
        var documented = Document.Value["components"]!["schemas"]![typeName]
            ?? throw new Xunit.Sdk.XunitException($"docs/asyncapi.yaml has no components.schemas.{typeName}; the record's schema is:\n{generated}");

        var expected = generated.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        var actual = EventSchemas.Reduce(documented).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        Assert.True(expected == actual, $"docs/asyncapi.yaml disagrees with {type.FullName}.\nThe record says:\n{expected}\nThe document says:\n{actual}");
    }

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void Each_event_has_a_channel_on_its_exchange_and_a_receive_operation(string typeName)
    {
        var channel = Document.Value["channels"]![typeName] ?? throw new Xunit.Sdk.XunitException($"no channel {typeName}");
        Assert.Equal($"Blog.Contracts:{typeName}", channel["address"]!.GetValue<string>());
        Assert.Equal("fanout", channel["bindings"]!["amqp"]!["exchange"]!["type"]!.GetValue<string>());
        Assert.Equal("true", channel["bindings"]!["amqp"]!["exchange"]!["durable"]!.ToString());
        var message = channel["messages"]!.AsObject().Single().Value!;
        Assert.Equal($"#/components/messages/{typeName}", message["$ref"]!.GetValue<string>());
        Assert.Equal($"#/components/schemas/{typeName}",
            Document.Value["components"]!["messages"]![typeName]!["payload"]!["properties"]!["message"]!["$ref"]!.GetValue<string>());
        var operation = Document.Value["operations"]![$"receive{typeName}"] ?? throw new Xunit.Sdk.XunitException($"no operation receive{typeName}");
        Assert.Equal("receive", operation["action"]!.GetValue<string>());
        Assert.Equal($"#/channels/{typeName}", operation["channel"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public void The_schemas_say_what_the_wire_carries()
    {
        var published = EventSchemas.Generated(typeof(PostPublished));

        Assert.Equal("uuid", published["properties"]!["postId"]!["format"]!.GetValue<string>());
        Assert.Equal("date-time", published["properties"]!["publishedAt"]!["format"]!.GetValue<string>());
        Assert.Equal("""["null","string"]""", published["properties"]!["category"]!["type"]!.ToJsonString());
        Assert.Contains("slug", published["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        // Fields added after 1.0 have defaults, so older messages without them still read: never required.
        Assert.DoesNotContain("authorId", published["required"]!.AsArray().Select(r => r!.GetValue<string>()));
    }
}
