using Blog.Gateway;
using Blog.Gateway.Health;
using Blog.Gateway.RateLimiting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRedis();
builder.AddGatewayRateLimits();
builder.AddDownstreamHealthChecks();
builder.AddBrowserFrontEnds();
builder.WebHost.ConfigureKestrel(kestrel =>
    kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue("Gateway:MaxRequestBodyBytes", 1_048_576L));

builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseCors();
app.UseRateLimiter();
app.MapReverseProxy();
app.Run();

/// Public so the tests can host the app (WebApplicationFactory).
public partial class Program;
