using System.Globalization;
using Blog.ServiceDefaults;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;

namespace Blog.Web.Infrastructure;

/// <summary>
/// The site in the reader's language (`SiteLanguages`: English or Simplified Chinese): texts from
/// `SharedResource`, dates and numbers in that language's culture (`Site:Culture` when it is one of
/// that language, else en-GB or zh-CN), `Content-Language` on every answer, and `/language?to=…` to
/// choose one (a cookie; plain links, no script).
/// </summary>
public static class SiteLocalization
{
    const string SwitchPath = "/language";

    public static void AddSiteLocalization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        // Chinese (and any other script) written as UTF-8 text, not as a character reference per letter; markup is still encoded.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
            options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddOptions<RequestLocalizationOptions>().Configure<IOptions<SiteOptions>>((localization, site) =>
        {
            // Worked out once: a request only looks its language's culture up.
            var formatCultures = SiteLanguages.All.ToDictionary(l => l, l => FormatCulture(l, site.Value.Culture), StringComparer.Ordinal);
            var cultures = SiteLanguages.All.Select(l => CultureInfo.GetCultureInfo(formatCultures[l])).ToList();
            localization.SupportedCultures = cultures;
            localization.SupportedUICultures = [.. SiteLanguages.All.Select(CultureInfo.GetCultureInfo)];
            localization.DefaultRequestCulture = new RequestCulture(cultures[0], CultureInfo.GetCultureInfo(SiteLanguages.English));
            localization.RequestCultureProviders =
            [
                new CustomRequestCultureProvider(context =>
                {
                    var language = SiteLanguages.Resolve(context.Request.Cookies[SiteLanguages.CookieName], context.Request.Headers.AcceptLanguage);
                    return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(formatCultures[language], language));
                }),
            ];
        });
    }

    /// <summary>The culture dates and numbers are written in for a language: the site's own when it is of that language.</summary>
    static string FormatCulture(string language, string siteCulture)
    {
        var own = CultureInfo.GetCultureInfo(siteCulture);
        var wanted = CultureInfo.GetCultureInfo(language);
        var sameLanguage = language == SiteLanguages.Chinese
            ? own.TwoLetterISOLanguageName == "zh" && !own.Name.Contains("Hant", StringComparison.Ordinal) && own.Name is not ("zh-TW" or "zh-HK" or "zh-MO")
            : own.TwoLetterISOLanguageName == wanted.TwoLetterISOLanguageName;
        return sameLanguage ? own.Name : language == SiteLanguages.Chinese ? "zh-CN" : "en-GB";
    }

    public static void UseSiteLocalization(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.Use((context, next) =>
        {
            context.Response.Headers.ContentLanguage = CultureInfo.CurrentUICulture.Name;
            return next(context);
        });
        // The switcher: remembers the choice for a year and goes back to the page it was chosen on.
        app.MapGet(SwitchPath, (HttpContext context, string? to, string? back) =>
        {
            var language = SiteLanguages.All.FirstOrDefault(l => string.Equals(l, to, StringComparison.OrdinalIgnoreCase));
            if (language is not null)
            {
                context.Response.Cookies.Append(SiteLanguages.CookieName, language, new CookieOptions
                {
                    MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, HttpOnly = true, IsEssential = true,
                });
            }
            return TypedResults.LocalRedirect(IsLocal(back) ? back! : "/");
        }).ExcludeFromDescription();
    }

    /// <summary>A path of this site (not `//host` or `/\host`, which browsers take for another).</summary>
    static bool IsLocal(string? url) => url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    /// <summary>The switcher's address for a language, coming back to `back`.</summary>
    public static string SwitchTo(string language, string back) => $"{SwitchPath}?to={Uri.EscapeDataString(language)}&back={Uri.EscapeDataString(back)}";
}
