using Blog.AppHost;

// `--Blog:Dashboard=false` runs without the dashboard (and so without exporting telemetry): the benchmark's setting.
var withoutDashboard = args.Contains("--Blog:Dashboard=false", StringComparer.OrdinalIgnoreCase);
var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args, DisableDashboard = withoutDashboard });
var platform = PlatformSettings.Read(builder);

var infrastructure = builder.AddBlogInfrastructure(platform);

var identity = builder.AddBlogService<Projects.Identity>("identity", platform, infrastructure, "identitydb")
    .WithAdministratorAccount(builder.Configuration);
// Every other service validates tokens against Identity's published keys, found by service discovery.
var posts = builder.AddBlogService<Projects.Posts>("posts", platform, infrastructure, "postsdb").WithReference(identity);
var comments = builder.AddBlogService<Projects.Comments>("comments", platform, infrastructure, "commentsdb").WithReference(identity)
    .WithSettingsFrom(builder.Configuration, "Comments");
var moderation = builder.AddBlogService<Projects.Moderation>("moderation", platform, infrastructure, "moderationdb").WithReference(identity);
// Webhooks calls receivers outside the platform; `--Blog:Webhooks:AllowedNetworks:0=10.0.0.0/8` lets it reach private ones.
var webhooks = builder.AddBlogService<Projects.Webhooks>("webhooks", platform, infrastructure, "webhooksdb").WithReference(identity)
    .WithSettingsFrom(builder.Configuration, "Webhooks");
// The site calls the APIs on the reader's behalf; it owns no data.
var web = builder.AddBlogService<Projects.Web>("web", platform, infrastructure, database: null)
    .WithReference(identity).WithReference(posts).WithReference(comments).WithReference(moderation)
    // The platform serves plain http on 127.0.0.1; put TLS in front and set this back to true.
    .WithEnvironment("Site__SecureCookies", "false");

builder.AddProject<Projects.Gateway>("gateway", launchProfileName: null)
    .WithHttpEndpoint(port: platform.GatewayPort, name: "http")
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/alive")
    .WithReference(infrastructure.Redis).WaitFor(infrastructure.RedisServer)
    .WithReference(identity).WithReference(posts).WithReference(comments)
    .WithReference(moderation).WithReference(webhooks).WithReference(web)
    .WithReplicas(platform.ReplicasOf("gateway"))
    .WithSettingsFrom(builder.Configuration, "RateLimits");

builder.Build().Run();
