using Blog.Topology;
using System.Security.Claims;
using Blog.Web.Model;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;

namespace Blog.Web.Infrastructure;

/// <summary>
/// Sign-in for browsers: an encrypted, HttpOnly, SameSite=Lax (and Secure) cookie that holds the API token
/// Identity issued. Data Protection keys live in Redis, so every Web replica reads every cookie, encrypted
/// with `KeyEncryption:Key` when it is set (the AppHost sets it).
/// </summary>
public static class WebAuthentication
{
    public const string TokenClaim = "blog:token";

    public static void AddWebAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName("blog-web");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), "blog:web:data-protection-keys"));
        if (Blog.ServiceDefaults.Security.KeyEncryption.FromConfiguration(builder.Configuration) is { } encryption)
        {
            builder.Services.AddSingleton(encryption);
            builder.Services.Configure<KeyManagementOptions>(options => options.XmlEncryptor = new KeyEncryptionXmlEncryptor(encryption));
        }
        // Secure unless told the site is served over plain http (`Site:SecureCookies=false`, as `./blog up` on localhost is).
        var secure = builder.Configuration.GetValue("Site:SecureCookies", !builder.Environment.IsDevelopment())
            ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "blog.antiforgery";
            antiforgery.Cookie.SecurePolicy = secure;
        });
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.Cookie.Name = "blog.session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = secure;
            cookie.LoginPath = "/login";
            cookie.LogoutPath = "/logout";
            cookie.AccessDeniedPath = "/login";
            cookie.ExpireTimeSpan = TimeSpan.FromDays(7);
            cookie.SlidingExpiration = false;
            cookie.Events.OnValidatePrincipal = CheckSessionAsync;
        });
        builder.Services.AddAuthorization();
    }

    public static Task SignInAsync(this HttpContext http, SignedInUser user)
    {
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var properties = new AuthenticationProperties { Items = { [CheckedAt] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        return http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PrincipalOf(user), properties);
    }

    static ClaimsPrincipal PrincipalOf(SignedInUser user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.Username),
            new("display_name", user.DisplayName),
            new(TokenClaim, user.Token),
        };
        claims.AddRange(user.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    /// <summary>How often a cookie's session is checked with Identity (and its token refreshed).</summary>
    public static readonly TimeSpan CheckSessionEvery = TimeSpan.FromMinutes(5);
    const string CheckedAt = "blog:checked-at";

    /// <summary>
    /// Every few minutes, asks Identity for the account with the cookie's token: a signed-out, suspended or
    /// renewed-stamp session ends this cookie too; a live one gets a fresh token and current roles. With
    /// Identity unreachable the cookie stays as it is.
    /// </summary>
    static async Task CheckSessionAsync(CookieValidatePrincipalContext context)
    {
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (context.Properties.Items.TryGetValue(CheckedAt, out var text) && long.TryParse(text, out var seconds)
            && now - DateTimeOffset.FromUnixTimeSeconds(seconds) < CheckSessionEvery) return;
        if (context.Principal?.FindFirst(TokenClaim)?.Value is not { } token) return;

        var identity = context.HttpContext.RequestServices.GetRequiredService<IHttpClientFactory>().CreateClient(PlatformServices.Identity.Name);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/user");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", token);
        try
        {
            using var response = await identity.SendAsync(request, context.HttpContext.RequestAborted);
            if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return;
            }
            if (!response.IsSuccessStatusCode) return;
            var user = (await response.Content.ReadFromJsonAsync<UserEnvelope>(context.HttpContext.RequestAborted))!.User;
            context.ReplacePrincipal(PrincipalOf(user));
            context.Properties.Items[CheckedAt] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.ShouldRenew = true;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            // Identity is unreachable: the reader stays signed in as they were.
        }
    }
}
