using Blog.ServiceDefaults.Outbound;
using Blog.Topology;
using System.Net;
using Blog.Messaging;
using Blog.ServiceDefaults.Authentication;
using Blog.Webhooks.Infrastructure;
using Blog.Webhooks.IntegrationEvents;
using Blog.Webhooks.Model;
using Microsoft.Extensions.Options;

namespace Blog.Webhooks;

static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<WebhooksDbContext>(PlatformServices.Webhooks.Database);
        builder.AddRedis();
        builder.AddBlogAuthentication();
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration("Webhooks")
            .Validate(o => o.AllowedNetworks.All(n => IPNetwork.TryParse(n, out _)), "Webhooks:AllowedNetworks must hold CIDR networks such as 10.20.0.0/16")
            .ValidateOnStart();
        builder.Services.AddSingleton(services => new TargetAddressPolicy(services.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowedNetworks));
        builder.Services.AddSingleton(services => new GuardedHttpClient(
            services.GetRequiredService<TargetAddressPolicy>(), services.GetRequiredService<IOptions<WebhookOptions>>().Value.AttemptTimeout, "Blog-Webhooks/1.0"));
        builder.Services.AddHostedService<DeliveryDispatcher>();
        builder.AddMessaging<WebhooksDbContext>(PlatformServices.Webhooks.Name, bus =>
        {
            bus.AddBatchedInboxConsumer<PostPublishedConsumer>();
            bus.AddBatchedInboxConsumer<PostUpdatedConsumer>();
            bus.AddBatchedInboxConsumer<PostUnpublishedConsumer>();
            bus.AddBatchedInboxConsumer<PostDeletedConsumer>();
            bus.AddBatchedInboxConsumer<CommentCreatedConsumer>();
            bus.AddBatchedInboxConsumer<UserRegisteredConsumer>();
            bus.AddBatchedInboxConsumer<UserDeletedConsumer>();
        });
    }
}
