using Blog.Topology;
using System.Net;
using System.Text.Json.Nodes;
using Blog.Gateway.ApiDocs;

namespace Blog.Gateway.Tests;

public sealed class ApiDocsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    static JsonObject Document(string path, string schemaName, JsonObject schema) => new()
    {
        ["openapi"] = "3.1.1",
        ["paths"] = new JsonObject
        {
            [path] = new JsonObject
            {
                ["get"] = new JsonObject
                {
                    ["summary"] = $"Read {path}",
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["$ref"] = $"#/components/schemas/{schemaName}" } },
                },
            },
        },
        ["components"] = new JsonObject { ["schemas"] = new JsonObject { [schemaName] = schema } },
        ["tags"] = new JsonArray(new JsonObject { ["name"] = "Shared" }),
    };

    [Fact]
    public void Merging_keeps_every_path_and_tells_apart_schemas_of_one_name_with_different_content()
    {
        var posts = Document("/api/articles", "Author", new JsonObject { ["type"] = "object", ["required"] = new JsonArray("username") });
        var comments = Document("/api/comments/recent", "Author", new JsonObject { ["type"] = "object" });
        var identity = Document("/api/profiles/{username}", "Author", new JsonObject { ["type"] = "object", ["required"] = new JsonArray("username") });

        var merged = MergedApiDocument.Merge([(PlatformServices.Posts.Name, posts), (PlatformServices.Comments.Name, comments), (PlatformServices.Identity.Name, identity)]);

        Assert.Equal(["/api/articles", "/api/comments/recent", "/api/profiles/{username}"], merged["paths"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["Author", "CommentsAuthor"], merged["components"]!["schemas"]!.AsObject().Select(s => s.Key));
        Assert.Equal("#/components/schemas/CommentsAuthor", merged["paths"]!["/api/comments/recent"]!["get"]!["responses"]!["200"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/Author", merged["paths"]!["/api/profiles/{username}"]!["get"]!["responses"]!["200"]!["$ref"]!.GetValue<string>());
        Assert.Single(merged["tags"]!.AsArray());
    }

    [Fact]
    public async Task With_every_service_down_the_document_still_answers_and_the_page_is_served_with_a_nonce_policy()
    {
        using var document = await fixture.Client.GetAsync(ApiDocsExtensions.DocumentPath);
        using var page = await fixture.Client.GetAsync(ApiDocsExtensions.PagePath);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal("Blog API", JsonNode.Parse(await document.Content.ReadAsStringAsync())!["info"]!["title"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = System.Text.RegularExpressions.Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"nonce=\"{nonce}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.jsdelivr.net", html, StringComparison.Ordinal);
    }
}
