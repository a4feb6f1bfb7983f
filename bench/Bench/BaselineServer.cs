namespace Blog.Bench;

/// The machine's limit for this stack: Kestrel answering the same bytes as an article response, with
/// nothing behind it (no routing to a service, no database, no Redis).
static class BaselineServer
{
    public static async Task<int> RunAsync(int port, string file)
    {
        var bytes = await File.ReadAllBytesAsync(file);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/article", () => Results.Bytes(bytes, "application/json; charset=utf-8"));
        // The same answer at the article's own path, so the gateway can be put in front of it (the hop's ceiling).
        app.MapGet("/api/articles/{slug}", () => Results.Bytes(bytes, "application/json; charset=utf-8"));
        await app.RunAsync();
        return 0;
    }
}
