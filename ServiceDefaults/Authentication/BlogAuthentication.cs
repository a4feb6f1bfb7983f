using Blog.Topology;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Blog.ServiceDefaults.Authentication;

/// <summary>Settings of the platform's tokens (section `Jwt`), the same in every service.</summary>
public sealed class JwtSettings
{
    /// <summary>The issuer, and where its OpenID discovery document and JWKS are served (service discovery name).</summary>
    public string Issuer { get; set; } = PlatformServices.Identity.Address.ToString().TrimEnd('/');
    public string Audience { get; set; } = "blog";
    /// <summary>How long one token is valid; `GET /api/user` gives a fresh one for the same session.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(1);
    /// <summary>How long a session may be refreshed after its sign-in; then the reader signs in again.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(30);
    /// <summary>
    /// How long a service trusts a token it has verified without verifying its signature again (zero: never).
    /// Revocations are checked on every request whatever this is; a signing key withdrawn from Identity's
    /// published keys stops its tokens here after at most this long.
    /// </summary>
    public TimeSpan RememberValidFor { get; set; } = TimeSpan.FromMinutes(5);
    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;
}

public static class BlogAuthentication
{
    public const string ModeratorPolicy = "moderator";
    public const string AdminPolicy = "admin";

    /// <summary>
    /// Validates the platform's JWTs (`Authorization: Token &lt;jwt&gt;` as RealWorld sends it, or `Bearer`)
    /// against Identity's published keys: issuer, audience, lifetime, ES256 signature (a token verified once is
    /// remembered: <see cref="RememberingTokenHandler"/>); revoked tokens (`AccountRevocations`) are refused. Adds the `moderator` and `admin` policies.
    /// </summary>
    public static IHostApplicationBuilder AddBlogAuthentication(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("Jwt").Get<JwtSettings>() ?? new JwtSettings();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<AccountRevocations>();
        builder.Services.AddSingleton<RememberingTokenHandler>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            // Inside the cluster, over service discovery; the gateway never exposes these addresses.
            options.RequireHttpsMetadata = false;
            options.MetadataAddress = $"{settings.Issuer.TrimEnd('/')}/.well-known/openid-configuration";
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.Audience,
                ValidAlgorithms = [JwtSettings.Algorithm],
                NameClaimType = BlogClaims.Username,
                RoleClaimType = BlogClaims.Roles,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            options.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    string authorization = context.Request.Headers.Authorization.ToString();
                    if (authorization.StartsWith("Token ", StringComparison.OrdinalIgnoreCase))
                    {
                        context.Token = authorization["Token ".Length..].Trim();
                    }
                    return Task.CompletedTask;
                },
                OnTokenValidated = async context =>
                {
                    var revocations = context.HttpContext.RequestServices.GetRequiredService<AccountRevocations>();
                    if (context.Principal is { } principal && await revocations.WhyRefusedAsync(principal) is { } refusal)
                    {
                        context.Fail(refusal);
                    }
                },
            };
        });
        // The metadata client resolves Identity's address through service discovery like any other.
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IHttpClientFactory, RememberingTokenHandler>((options, clients, tokens) =>
            {
                options.Backchannel = clients.CreateClient("jwt-metadata");
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(tokens);
            });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ModeratorPolicy, policy => policy.RequireRole(BlogRoles.Moderator, BlogRoles.Admin))
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(BlogRoles.Admin));
        return builder;
    }
}

public static class BlogClaims
{
    public const string Subject = "sub";
    public const string Username = "username";
    public const string Roles = "roles";
    /// <summary>The account's security stamp when the token was issued.</summary>
    public const string Stamp = "stamp";
    /// <summary>The sign-in session the token belongs to; refreshed tokens keep it.</summary>
    public const string Session = "sid";
    /// <summary>When the session signed in (Unix seconds): recent sign-ins may change the email or password.</summary>
    public const string AuthTime = "auth_time";

    public static Guid? UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(Subject), out var id) ? id : null;

    /// <summary>Whether the account is staff: a moderator or an admin.</summary>
    public static bool IsStaff(this ClaimsPrincipal user) => user.IsInRole(BlogRoles.Moderator) || user.IsInRole(BlogRoles.Admin);
}

public static class BlogRoles
{
    public const string Moderator = "moderator";
    public const string Admin = "admin";
    public static readonly IReadOnlySet<string> All = new HashSet<string>([Moderator, Admin], StringComparer.Ordinal);
}
