using Blog.Topology;
using Blog.ServiceDefaults;
using Blog.Web.Infrastructure;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Blog.Web;

static class Extensions
{
    /// <summary>How long a write to a service is waited for (and the most any call waits).</summary>
    static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(30);

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Web owns no data and consumes no events: Redis holds its Data Protection keys, and the services' content versions it checks its visitor answers against.
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
                client.Timeout = service == PlatformServices.Media ? MediaClient.UploadTimeout : WriteTimeout;
            });
        }
        builder.Services.AddSingleton<VisitorAnswers>();
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
                // A read's attempt is cut at 4 s (two attempts at most). A write is sent once and waited for as a
                // browser would: cut sooner, a comment the service went on to commit was reported to its reader
                // as not posted (seen under load in CI, at 4 s and again at 10 s), inviting a second copy.
                resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(4);
                resilience.TotalRequestTimeout.Timeout = WriteTimeout;
                resilience.AttemptTimeout.TimeoutGenerator = arguments => ValueTask.FromResult(
                    arguments.Context.GetRequestMessage()?.Method is { } method && method != HttpMethod.Get && method != HttpMethod.Head
                        ? resilience.TotalRequestTimeout.Timeout
                        : resilience.AttemptTimeout.Timeout);
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
