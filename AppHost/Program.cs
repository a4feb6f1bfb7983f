using Blog.AppHost;
using Blog.Topology;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// `AppHost ports up|bench|tests`: the ports that way of running the platform takes, for the blog script.
if (args is ["ports", var portSet]) return PortsCommand.Print(portSet);

// `--Blog:Dashboard=false` runs without the dashboard (and so without exporting telemetry): the benchmark's setting.
var withoutDashboard = args.Contains("--Blog:Dashboard=false", StringComparer.OrdinalIgnoreCase);
var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args, DisableDashboard = withoutDashboard });
var platform = PlatformSettings.Read(builder);

var infrastructure = builder.AddBlogInfrastructure(platform);

// Key material at rest (Identity's signing key, the site's Data Protection keys) is encrypted with a generated secret.
var keyEncryption = infrastructure.Secrets.Get("key-encryption");
var identity = builder.AddBlogService<Projects.Identity>(PlatformServices.Identity, platform, infrastructure)
    .WithAdministratorAccount(builder.Configuration)
    .WithEnvironment("KeyEncryption__Key", keyEncryption);
// Every other service validates tokens against Identity's published keys, found by service discovery.
var posts = builder.AddBlogService<Projects.Posts>(PlatformServices.Posts, platform, infrastructure).WithReference(identity);
var comments = builder.AddBlogService<Projects.Comments>(PlatformServices.Comments, platform, infrastructure).WithReference(identity)
    .WithSettingsFrom(builder.Configuration, "Comments");
var moderation = builder.AddBlogService<Projects.Moderation>(PlatformServices.Moderation, platform, infrastructure).WithReference(identity);
// Webhooks calls receivers outside the platform; `--Blog:Webhooks:AllowedNetworks:0=10.0.0.0/8` lets it reach private ones.
var webhooks = builder.AddBlogService<Projects.Webhooks>(PlatformServices.Webhooks, platform, infrastructure).WithReference(identity)
    .WithSettingsFrom(builder.Configuration, "Webhooks");
// The site calls the APIs on the reader's behalf; it owns no data.
var web = builder.AddBlogService<Projects.Web>(PlatformServices.Web, platform, infrastructure)
    .WithReference(identity).WithReference(posts).WithReference(comments).WithReference(moderation)
    // The platform serves plain http on 127.0.0.1; put TLS in front and set this back to true.
    .WithEnvironment("Site__SecureCookies", "false")
    // `--Blog:Site:Announcement=...` (./blog up --demo passes one) replaces the announcement box's text.
    .WithSettingsFrom(builder.Configuration, "Site")
    .WithEnvironment("KeyEncryption__Key", keyEncryption);

builder.AddProject<Projects.Gateway>(PlatformServices.Gateway.Name, launchProfileName: null)
    .WithHttpEndpoint(port: platform.GatewayPort, name: "http", isProxied: !platform.GatewayListensDirectly)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/alive")
    .WithReference(infrastructure.Redis).WaitFor(infrastructure.RedisServer)
    .WithReference(identity).WithReference(posts).WithReference(comments)
    .WithReference(moderation).WithReference(webhooks).WithReference(web)
    .WithReplicas(platform.ReplicasOf(PlatformServices.Gateway))
    .WithSettingsFrom(builder.Configuration, "RateLimits");

// Without a dashboard nothing receives telemetry: Aspire would still point every service's OTLP exporter at
// the dashboard's port, where each export fails and is retried (measured: a tenth of a core per idle service).
if (withoutDashboard)
{
    foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
    {
        builder.CreateResourceBuilder(project).WithEnvironment(context =>
        {
            foreach (var name in context.EnvironmentVariables.Keys.Where(key => key.StartsWith("OTEL_EXPORTER_OTLP_", StringComparison.Ordinal)).ToList())
            {
                context.EnvironmentVariables.Remove(name);
            }
        });
    }
}

// `--Blog:ResourceLogs=true` writes every resource's output to {StateDir}/logs/<resource>.log, one line per entry.
if (builder.Configuration.GetValue("Blog:ResourceLogs", false))
{
    foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
    {
        builder.CreateResourceBuilder(project)
            .WithEnvironment("Logging__Console__FormatterOptions__SingleLine", "true")
            .WithEnvironment("Logging__Console__FormatterOptions__ColorBehavior", "Disabled");
    }
    builder.Services.AddHostedService(services => new ResourceLogFiles(
        services.GetRequiredService<ResourceNotificationService>(), services.GetRequiredService<ResourceLoggerService>(),
        Path.Combine(platform.StateDirectory, "logs")));
}

builder.Build().Run();
return 0;
