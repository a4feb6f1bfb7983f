using Microsoft.Playwright;

namespace Blog.EndToEnd.Browser;

/// Debian's Chromium (never a downloaded browser), driven by Playwright, with JavaScript off: the
/// site must work without it. Each test gets its own context (cookies), and saves screenshots
/// under `artifacts/screenshots/`.
public sealed class BrowserSession : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    static readonly string Screenshots = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    readonly IPlaywright playwright;
    readonly IBrowser browser;

    BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        this.browser = browser;
    }

    public static async Task<BrowserSession> StartAsync()
    {
        if (!File.Exists(Chromium)) throw new InvalidOperationException($"{Chromium} is missing: ./blog test installs Debian's chromium package.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // This machine's network is closed: without these, Chromium keeps trying to reach Google's hosts.
            Args = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new BrowserSession(playwright, browser);
    }

    /// A fresh reader: own cookies, JavaScript off (on only for the API docs page, a script application), a
    /// desktop or a phone-sized window.
    public async Task<IPage> NewPageAsync(Uri site, bool phone = false, bool javaScript = false, string? locale = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = site.ToString(),
            JavaScriptEnabled = javaScript,
            Locale = locale,
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"{name}.png"), FullPage = fullPage });
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Blog.sln"))) return dir.FullName;
        }
        return AppContext.BaseDirectory;
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
