using Blog.Topology;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using Blog.ServiceDefaults.Api;

namespace Blog.EndToEnd;

/// The gateway's one API description holds every service's routes, the RealWorld ones included.
[Collection(PlatformCollection.Name)]
public sealed class ApiDocsEndToEndTests(PlatformFixture platform)
{
    static IEnumerable<string> OperationsOf(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Where(o => o.Key != "parameters").Select(o => $"{o.Key.ToUpperInvariant()} {path.Key}"));

    [Fact]
    public async Task The_gateway_document_holds_every_services_routes_and_every_RealWorld_operation()
    {
        var merged = await platform.Gateway.GetFromJsonAsync<JsonNode>("/api/openapi.json");
        var operations = OperationsOf(merged!).ToHashSet(StringComparer.Ordinal);

        foreach (var service in PlatformServices.WithDatabase.Select(service => service.Name))
        {
            using var client = platform.App.CreateHttpClient(service);
            var own = await client.GetFromJsonAsync<JsonNode>(ApiDescription.DocumentPath);
            var missing = OperationsOf(own!).Where(o => !operations.Contains(o)).ToList();
            Assert.True(missing.Count == 0, $"the gateway's document lacks {service}'s {string.Join(", ", missing)}");
        }
        foreach (var operation in RealWorldSpec.Operations)
        {
            var (method, path) = (operation[..operation.IndexOf(' ')], operation[(operation.IndexOf(' ') + 1)..]);
            Assert.Contains($"{method} {RealWorldSpec.ApiPrefix}{path}", operations);
        }
        Assert.Equal("Token", merged!["paths"]!["/api/user"]!["get"]!["security"]![0]!.AsObject().Single().Key);
    }
}
