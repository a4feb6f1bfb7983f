using Blog.Topology;
using Blog.ServiceDefaults;
using Blog.Web.Infrastructure;
using Microsoft.Extensions.Http.Resilience;

namespace Blog.Web;

static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Web owns no data and consumes no events: Redis only holds its Data Protection keys.
        builder.AddRedis();
        builder.AddWebAuthentication();
        builder.AddWarmUp("/", "/articles/warm-up");
        builder.Services.Configure<SiteOptions>(builder.Configuration.GetSection("Site"));
        builder.Services.AddSingleton<SiteFormat>();
        builder.AddSiteLocalization();
        builder.Services.AddRazorPages(pages =>
        {
            pages.Conventions.AddPageRoute("/Listing", "blog/{username}");
            pages.Conventions.AddPageRoute("/Listing", "category/{category}");
            pages.Conventions.AddPageRoute("/Listing", "tag/{tag}");
            pages.Conventions.AddPageRoute("/Write", "write/{slug}");
            pages.Conventions.AuthorizePage("/Write");
            pages.Conventions.AuthorizePage("/Drafts");
            pages.Conventions.AuthorizePage("/Revisions");
            pages.Conventions.AuthorizePage("/Moderation");
            pages.Conventions.AuthorizePage("/Admin");
            pages.Conventions.AuthorizePage("/Account/Settings");
            pages.Conventions.AuthorizePage("/Notifications/Index");
            pages.Conventions.AuthorizePage("/Notifications/Settings");
        });
        builder.Services.AddSingleton<Microsoft.AspNetCore.Mvc.ViewFeatures.ITempDataProvider, QuietTempDataProvider>();
        builder.Services.AddHttpContextAccessor();
        foreach (var service in BlogApi.Services)
        {
            builder.Services.AddHttpClient(service.Name, client =>
            {
                client.BaseAddress = service.Address;
                client.Timeout = service == PlatformServices.Media ? MediaClient.UploadTimeout : TimeSpan.FromSeconds(10);
            });
        }
        builder.Services.AddScoped<BlogApi>();
        builder.Services.AddScoped<PostsClient>();
        builder.Services.AddScoped<CommentsClient>();
        builder.Services.AddScoped<IdentityClient>();
        builder.Services.AddScoped<ModerationClient>();
        builder.Services.AddScoped<MediaClient>();
        builder.Services.AddScoped<NotificationsClient>();
        builder.Services.AddScoped<FederationClient>();
        // A page waits for no service long: one quick retry, then it renders without that part.
        foreach (var service in BlogApi.Services)
        {
            builder.Services.Configure<HttpStandardResilienceOptions>($"{service.Name}-standard", resilience =>
            {
                resilience.Retry.MaxRetryAttempts = 1;
                // A comment or a reaction is never sent twice because an answer was slow.
                resilience.Retry.DisableForUnsafeHttpMethods();
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(100);
                resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(4);
                resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(9);
                // Decoding and resizing a large image takes seconds, not the milliseconds a page's calls do.
                if (service == PlatformServices.Media)
                {
                    resilience.AttemptTimeout.Timeout = MediaClient.UploadTimeout;
                    resilience.TotalRequestTimeout.Timeout = MediaClient.UploadTimeout;
                    resilience.CircuitBreaker.SamplingDuration = 2 * MediaClient.UploadTimeout;
                }
            });
        }
    }
}
