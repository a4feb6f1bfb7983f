using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Blog.Web.Infrastructure;

/// <summary>
/// The cookie TempData provider, minus one thing: with nothing to keep and no TempData cookie sent,
/// it answers no "delete the cookie" `Set-Cookie`. Every page binds a notice from TempData, and that
/// empty cookie on every visitor's page would keep the gateway from serving it from its cache.
/// </summary>
public sealed class QuietTempDataProvider(IServiceProvider services, Microsoft.Extensions.Options.IOptions<CookieTempDataProviderOptions> options)
    : ITempDataProvider
{
    readonly CookieTempDataProvider cookies = ActivatorUtilities.CreateInstance<CookieTempDataProvider>(services);

    public IDictionary<string, object> LoadTempData(HttpContext context) => cookies.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        if (values.Count == 0 && !context.Request.Cookies.ContainsKey(options.Value.Cookie.Name!)) return;
        cookies.SaveTempData(context, values);
    }
}
