using System.Security.Claims;
using Blog.Web.Model;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;

namespace Blog.Web.Infrastructure;

/// Sign-in for browsers: an encrypted, HttpOnly, SameSite=Lax (and Secure) cookie that holds the API token
/// Identity issued. Data Protection keys live in Redis, so every Web replica reads every cookie.
public static class WebAuthentication
{
    public const string TokenClaim = "blog:token";

    public static void AddWebAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName("blog-web");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), "blog:web:data-protection-keys"));
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
        });
        builder.Services.AddAuthorization();
    }

    public static Task SignInAsync(this HttpContext http, SignedInUser user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.Username),
            new("display_name", user.DisplayName),
            new(TokenClaim, user.Token),
        };
        claims.AddRange(user.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
        return http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
    }
}
