using Blog.Topology;
using Blog.Identity.Infrastructure;
using Blog.Identity.IntegrationEvents;
using Blog.Identity.Model;
using Blog.Messaging;
using Blog.ServiceDefaults;
using Blog.ServiceDefaults.Authentication;
using Blog.ServiceDefaults.Caching;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Blog.Identity;

static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Order matters: hosted services start in registration order (migrate, load keys, seed, then the bus).
        builder.AddServiceDatabase<IdentityDbContext>(PlatformServices.Identity.Database);
        builder.AddRedis();
        builder.AddContentCache<IdentityDbContext>();
        builder.AddWarmUp("/api/profiles/warm-up", "/api/bloggers?featured=true");
        builder.Services.AddSingleton<SigningKeys>();
        builder.Services.AddHostedService<SigningKeysLoader>();
        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddHostedService<AdminSeeder>();
        builder.Services.AddSingleton<RevocationListRebuilder>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RevocationListRebuilder>());

        builder.AddBlogAuthentication();
        // Identity validates its own tokens with the keys it holds, not through its own HTTP endpoint:
        // a configuration set here (before JwtBearer's post-configuration) means no metadata is fetched.
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeys, JwtSettings>((options, keys, settings) =>
            {
                options.Configuration = new OpenIdConnectConfiguration { Issuer = settings.Issuer };
                options.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, _, _) => keys.All;
            });

        builder.AddMessaging<IdentityDbContext>(PlatformServices.Identity.Name, bus =>
        {
            bus.AddConsumer<UserSuspendedConsumer>();
            bus.AddConsumer<UserReinstatedConsumer>();
        });
    }
}
