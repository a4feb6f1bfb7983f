namespace Blog.Web.Pages;

public static class HomePage
{
    /// Placeholder until the site exists (issue 7): a plain page that needs no JavaScript.
    public static IEndpointRouteBuilder MapHomePage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.Content(Html, "text/html; charset=utf-8"));
        return app;
    }

    const string Html = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Blog</title></head>
        <body>
          <h1>Blog</h1>
          <p>A readers' blog: many bloggers write, readers read, react and discuss.</p>
        </body>
        </html>
        """;
}
