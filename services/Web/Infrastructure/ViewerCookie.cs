namespace Blog.Web.Infrastructure;

/// <summary>
/// An anonymous, random id per browser (cookie `blog.viewer`), so Posts counts one view per reader
/// per half hour, not one per Web server. It identifies a browser, never a person.
/// </summary>
public static class ViewerCookie
{
    const string Name = "blog.viewer";

    public static string Of(HttpContext context)
    {
        if (context.Items[Name] is string known) return known;
        var id = context.Request.Cookies[Name];
        if (id is not { Length: 32 } || !id.All(char.IsAsciiHexDigit))
        {
            id = Guid.NewGuid().ToString("N");
            context.Response.Cookies.Append(Name, id, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, MaxAge = TimeSpan.FromDays(365), IsEssential = true,
            });
        }
        context.Items[Name] = id;
        return id;
    }
}
