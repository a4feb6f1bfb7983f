using System.Net;
using Blog.Federation.Infrastructure;
using Blog.Federation.IntegrationEvents;
using Blog.Messaging;
using Blog.ServiceDefaults.Authentication;
using Blog.ServiceDefaults.Caching;
using Blog.ServiceDefaults.Outbound;
using Blog.Topology;
using Microsoft.Extensions.Options;

namespace Blog.Federation;

static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<FederationDbContext>(PlatformServices.Federation.Database);
        builder.AddRedis();
        // Announced by hand when followers change: the author page lists them; deliveries change nothing a reader sees.
        builder.AddContentCache();
        builder.AddBlogAuthentication();
        builder.Services.AddOptions<FederationOptions>().BindConfiguration("Federation")
            .Validate(o => o.AllowedNetworks.All(n => IPNetwork.TryParse(n, out _)), "Federation:AllowedNetworks must hold CIDR networks such as 10.20.0.0/16")
            .Validate(o => o.RetryBaseDelay > TimeSpan.Zero && o.RetryMaxDelay >= o.RetryBaseDelay && o.SendInterval > TimeSpan.Zero, "Federation delays out of range")
            .ValidateOnStart();
        builder.Services.AddSingleton(services => new GuardedHttpClient(
            new TargetAddressPolicy(services.GetRequiredService<IOptions<FederationOptions>>().Value.AllowedNetworks),
            services.GetRequiredService<IOptions<FederationOptions>>().Value.AttemptTimeout, "Blog-Federation/1.0"));
        builder.Services.AddSingleton<FederationAddresses>();
        builder.Services.AddSingleton<ActivityDocuments>();
        builder.Services.AddScoped<RemoteActors>();
        builder.Services.AddScoped<SignatureVerifier>();
        builder.Services.AddScoped<InboxActivities>();
        builder.Services.AddHostedService<DeliverySender>();
        builder.AddMessaging<FederationDbContext>(PlatformServices.Federation.Name, bus =>
        {
            bus.AddConsumer<UserRegisteredConsumer>();
            bus.AddConsumer<UserProfileUpdatedConsumer>();
            bus.AddConsumer<UserDeletedConsumer>();
            bus.AddConsumer<PostPublishedConsumer>();
            bus.AddConsumer<PostUpdatedConsumer>();
            bus.AddConsumer<PostUnpublishedConsumer>();
            bus.AddConsumer<PostDeletedConsumer>();
        });
    }
}
