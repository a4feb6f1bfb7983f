using System.IO.Compression;
using Blog.ServiceDefaults.Views;
using Microsoft.AspNetCore.ResponseCompression;
using Yarp.ReverseProxy.Transforms;

namespace Blog.Gateway.EdgeCache;

public static class EdgeCacheExtensions
{
    /// <summary>
    /// The edge cache (ASP.NET Core output caching with the `EdgeCachePolicy`), the compression of
    /// what it keeps, its evictions and the views of its hits. Needs `AddRedis`.
    /// </summary>
    public static void AddEdgeCache(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("EdgeCache");
        builder.Services.Configure<EdgeCacheOptions>(section);
        var sizeLimit = section.GetValue("SizeLimitBytes", new EdgeCacheOptions().SizeLimitBytes);
        builder.Services.AddOutputCache(cache =>
        {
            cache.SizeLimit = sizeLimit;
            cache.MaximumBodySize = 4 * 1024 * 1024;
            cache.AddBasePolicy(policy => policy.AddPolicy<EdgeCachePolicy>(), excludeDefaultPolicy: true);
        });
        builder.Services.AddResponseCompression(compression =>
        {
            compression.EnableForHttps = true;
            compression.Providers.Add<BrotliCompressionProvider>();
            compression.Providers.Add<GzipCompressionProvider>();
            compression.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "application/rss+xml", "application/problem+json", "image/svg+xml"];
        });
        // Compressed once per entry, then served from memory: worth the better ratio.
        builder.Services.Configure<BrotliCompressionProviderOptions>(brotli => brotli.Level = CompressionLevel.Optimal);
        builder.Services.Configure<GzipCompressionProviderOptions>(gzip => gzip.Level = CompressionLevel.Optimal);

        builder.Services.AddOptions<ViewCountingOptions>().BindConfiguration("Views");
        builder.Services.AddSingleton<ViewCounter>();
        builder.Services.AddSingleton<EdgeViews>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EdgeViews>());
        builder.Services.AddSingleton<EdgeEvictions>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EdgeEvictions>());
    }

    /// <summary>
    /// Before the proxy: the edge cache, and compression only for what it may keep (anonymous
    /// answers; a signed-in reader's page holds secrets that compression could leak). Files are not
    /// compressed: their entry is one for every encoding, and images are compressed already.
    /// </summary>
    public static void UseEdgeCache(this WebApplication app)
    {
        app.UseMiddleware<EdgeMiddleware>();
        app.UseOutputCache();
        app.UseWhen(context => EdgeRequest.Of(context) is { IsFile: false }, branch => branch.UseResponseCompression());
    }

    /// <summary>
    /// The viewer the gateway decided on goes to the services as `X-Viewer-Id` (a client's own is
    /// removed); an answer the edge cache may keep gets its caching headers as it is copied.
    /// </summary>
    public static IReverseProxyBuilder WithEdgeCache(this IReverseProxyBuilder proxy) =>
        proxy.AddTransforms(context =>
        {
            var options = context.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<EdgeCacheOptions>>();
            context.AddResponseTransform(transform =>
            {
                EdgeCachePolicy.PrepareHeaders(transform.HttpContext, options.CurrentValue);
                return ValueTask.CompletedTask;
            });
            context.AddRequestTransform(transform =>
            {
                transform.ProxyRequest.Headers.Remove(ViewCounter.ViewerHeader);
                if (EdgeMiddleware.ViewerOf(transform.HttpContext) is { } viewer)
                {
                    transform.ProxyRequest.Headers.TryAddWithoutValidation(ViewCounter.ViewerHeader, viewer);
                }
                return ValueTask.CompletedTask;
            });
        });
}
