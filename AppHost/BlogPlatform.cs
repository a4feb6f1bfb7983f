using Blog.Topology;

namespace Blog.AppHost;

/// <summary>
/// The platform's application model: the servers, every service with its references and settings. Run by
/// `./blog up` and the bench, and read by `AppHost kubernetes` to write the manifests from the same model.
/// </summary>
public static class BlogPlatform
{
    public static IDistributedApplicationBuilder AddBlogPlatform(this IDistributedApplicationBuilder builder, PlatformSettings platform)
    {
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
        // Uploaded images: `--Blog:Media:MaxUploadBytes=...` and the sweeper's settings (README, "Images").
        var media = builder.AddBlogService<Projects.Media>(PlatformServices.Media, platform, infrastructure).WithReference(identity)
            .WithSettingsFrom(builder.Configuration, "Media");
        // Mail goes to the local mail server here (`--Blog:Mail:HoldFor=...` and the other settings: README, "Notifications").
        var notifications = builder.AddBlogService<Projects.Notifications>(PlatformServices.Notifications, platform, infrastructure).WithReference(identity)
            .WithLocalMailServer(infrastructure).WithSettingsFrom(builder.Configuration, "Mail");
        // Every account followable from the fediverse: `--Blog:Federation:*` (README, "Federation"); it needs the site's public https address.
        var federation = builder.AddBlogService<Projects.Federation>(PlatformServices.Federation, platform, infrastructure).WithReference(identity)
            .WithSettingsFrom(builder.Configuration, "Federation");
        // The site calls the APIs on the reader's behalf; it owns no data.
        var web = builder.AddBlogService<Projects.Web>(PlatformServices.Web, platform, infrastructure)
            .WithReference(identity).WithReference(posts).WithReference(comments).WithReference(moderation).WithReference(media)
            .WithReference(notifications).WithReference(federation)
            // Secure cookies need https: on behind TLS (`--Blog:SecureCookies=true`, as the Kubernetes manifests set it).
            .WithEnvironment("Site__SecureCookies", platform.SecureCookies ? "true" : "false")
            // `--Blog:Site:Announcement=...` (./blog up --demo passes one) replaces the announcement box's text.
            .WithSettingsFrom(builder.Configuration, "Site")
            .WithEnvironment("KeyEncryption__Key", keyEncryption);

        // The site's public address, for share links, the links events, feeds and mails carry, and the ids the fediverse
        // keeps. Published: the base's host, which an overlay sets to the real one. Run here: the gateway on this machine
        // (a port the orchestrator picks leaves the services' default, `./blog up`'s).
        IResourceBuilder<ProjectResource>[] linking = [posts, notifications, federation, web];
        if (builder.ExecutionContext.IsPublishMode)
        {
            var publicUrl = builder.AddParameter("public-url", $"https://{Kubernetes.ProgramManifests.PublicHost}");
            foreach (var service in linking) service.WithEnvironment("Site__BaseUrl", publicUrl);
        }
        else if (platform.GatewayPort is { } gatewayPort)
        {
            foreach (var service in linking) service.WithEnvironment("Site__BaseUrl", Ports.SiteOnThisMachine(gatewayPort));
        }

        builder.AddProject<Projects.Gateway>(PlatformServices.Gateway.Name, launchProfileName: null)
            .WithHttpEndpoint(port: platform.GatewayPort, name: "http", isProxied: !platform.GatewayListensDirectly)
            .WithExternalHttpEndpoints()
            // Ready while it runs (so also alive): its own /health follows the services behind it, which must not take the entry out.
            .WithHttpProbe(ProbeType.Readiness, ProgramLifecycle.AlivePath)
            .WithReference(infrastructure.Redis).WaitFor(infrastructure.RedisServer)
            .WithReference(identity).WithReference(posts).WithReference(comments)
            .WithReference(moderation).WithReference(webhooks).WithReference(web).WithReference(media).WithReference(notifications)
            .WithReference(federation)
            .WithReplicas(platform.ReplicasOf(PlatformServices.Gateway))
            .WithSettingsFrom(builder.Configuration, "RateLimits");
        return builder;
    }
}
