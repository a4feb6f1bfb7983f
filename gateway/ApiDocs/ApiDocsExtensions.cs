using System.Security.Cryptography;
using Scalar.AspNetCore;

namespace Blog.Gateway.ApiDocs;

/// <summary>
/// The public API in one OpenAPI document (`/api/openapi.json`, merged from the services' own descriptions)
/// and a page to read and try it (`/api/docs`, Scalar, its script served by the gateway itself: no CDN,
/// no fonts or telemetry from elsewhere, inline script allowed by a per-request nonce only).
/// </summary>
public static class ApiDocsExtensions
{
    public const string DocumentPath = "/api/openapi.json";
    public const string PagePath = "/api/docs";

    public static void AddApiDocs(this WebApplicationBuilder builder)
    {
        // A service writes its description on the first request after it starts: on a busy machine that took
        // more than 5 s, and the docs page a reader opened then lacked that service's routes for good.
        builder.Services.AddHttpClient(nameof(MergedApiDocument), client => client.Timeout = TimeSpan.FromSeconds(20));
        builder.Services.AddSingleton<MergedApiDocument>();
    }

    public static void MapApiDocs(this WebApplication app)
    {
        app.MapGet(DocumentPath, async (MergedApiDocument document, CancellationToken cancellationToken) =>
            TypedResults.Text(await document.GetAsync(cancellationToken), "application/json")).ExcludeFromDescription();
        app.MapScalarApiReference(PagePath, (options, http) =>
        {
            // Hex: a nonce that no HTML attribute encoding changes (base64's '+' and '/' get encoded).
            var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            http.Response.Headers.ContentSecurityPolicy =
                $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
                "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
            options.WithTitle("Blog API").WithOpenApiRoutePattern(DocumentPath).WithNonce(nonce)
                .SortTagsAlphabetically().HideDeveloperTools().DisableDefaultFonts().DisableTelemetry().DisableAgent().DisableMcp()
                .AddPreferredSecuritySchemes(Blog.ServiceDefaults.Api.ApiDescription.TokenScheme);
        }).ExcludeFromDescription();
    }
}
