namespace Blog.Web.Infrastructure;

/// <summary>
/// Headers every page carries: no inline or foreign scripts (our own files only), images only from here
/// or over https (posts and avatars link them), no MIME sniffing, no framing, and the referrer cut to
/// the origin for other sites. Over https, HSTS (`Strict-Transport-Security`, a year).
/// </summary>
public static class SecurityHeaders
{
    const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https:; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            // Only over https (as the gateway forwards it): a plain-http site (./blog up) must not pin browsers to https.
            if (context.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            await next(context);
        });
}
