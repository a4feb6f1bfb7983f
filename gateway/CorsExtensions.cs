namespace Blog.Gateway;

public static class CorsExtensions
{
    /// <summary>
    /// RealWorld front ends run in a browser on another origin and call the API with a token in the
    /// Authorization header (no cookies), so any origin may call it unless `Cors:Origins` lists some.
    /// </summary>
    public static void AddBrowserFrontEnds(this WebApplicationBuilder builder)
    {
        var origins = builder.Configuration.GetSection("Cors:Origins").Get<string[]>() ?? [];
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            if (origins.Length == 0) policy.AllowAnyOrigin();
            else policy.WithOrigins(origins);
            policy.AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Retry-After").SetPreflightMaxAge(TimeSpan.FromHours(1));
        }));
    }
}
