using System.Net;
using System.Text.RegularExpressions;

namespace Blog.EndToEnd;

/// A browser without JavaScript on the site through the gateway: cookies kept, redirects not followed,
/// forms posted with the antiforgery token of the page they are on.
static partial class SiteBrowser
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public static HttpClient Open(PlatformFixture platform) => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
    {
        BaseAddress = platform.Gateway.BaseAddress,
    };

    /// Posts the form fields to `action` as the form on `page` does.
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient browser, string page, string action, Dictionary<string, string> fields)
    {
        var html = await browser.GetStringAsync(page);
        fields["__RequestVerificationToken"] = AntiforgeryField().Match(html).Groups[1].Value;
        return await browser.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public static async Task<HttpClient> SignedInAsync(PlatformFixture platform, string email, string password)
    {
        var browser = Open(platform);
        using var signedIn = await SubmitAsync(browser, "/login", "/login", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return browser;
    }
}
