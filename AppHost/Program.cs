using Blog.AppHost;

var builder = DistributedApplication.CreateBuilder(args);
var platform = PlatformSettings.Read(builder);

var infrastructure = builder.AddBlogInfrastructure(platform);

var identity = builder.AddBlogService<Projects.Identity>("identity", platform, infrastructure, "identitydb")
    .WithAdministratorAccount(builder.Configuration);
var posts = builder.AddBlogService<Projects.Posts>("posts", platform, infrastructure, "postsdb");
var comments = builder.AddBlogService<Projects.Comments>("comments", platform, infrastructure, "commentsdb");
var moderation = builder.AddBlogService<Projects.Moderation>("moderation", platform, infrastructure, "moderationdb");
var web = builder.AddBlogService<Projects.Web>("web", platform, infrastructure, database: null);

builder.AddProject<Projects.Gateway>("gateway", launchProfileName: null)
    .WithHttpEndpoint(port: platform.GatewayPort, name: "http")
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/alive")
    .WithReference(infrastructure.Redis).WaitFor(infrastructure.RedisServer)
    .WithReference(identity).WithReference(posts).WithReference(comments)
    .WithReference(moderation).WithReference(web)
    .WithReplicas(platform.ReplicasOf("gateway"));

builder.Build().Run();
