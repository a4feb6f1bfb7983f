using Blog.Gateway;
using Blog.Gateway.ApiDocs;
using Blog.Gateway.EdgeCache;
using Blog.Gateway.Health;
using Blog.Gateway.RateLimiting;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddDownstreamClusters();
builder.AddServiceDefaults();
builder.AddRedis();
builder.AddClientAddresses();
builder.AddGatewayRateLimits();
builder.AddDownstreamHealthChecks();
builder.AddBrowserFrontEnds();
builder.AddEdgeCache();
builder.AddApiDocs();
builder.WebHost.ConfigureKestrel(kestrel =>
    kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue("Gateway:MaxRequestBodyBytes", 1_048_576L));

builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver()
    .WithoutClientSuppliedHeaders()
    .WithEdgeCache();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseCors();
app.UseRateLimiter();
app.UseEdgeCache();
// An API path no service owns is an API client's mistake: a JSON problem, not the site's HTML page.
// Its order sits between the services' routes (10, 100) and the site's catch-all (1000).
app.Map("/api/{**rest}", () => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
    detail: $"No API route matches this path; see {ApiDocsExtensions.PagePath}.")).WithOrder(500).ExcludeFromDescription();
app.MapApiDocs();
app.MapReverseProxy();
app.Run();

/// <summary>Public so the tests can host the app (WebApplicationFactory).</summary>
public partial class Program;
