using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Blog.Bench;

/// A realistic data set, written through the public API as clients would: authors, categories,
/// posts with tags, and comments spread over the posts.
sealed class Seeder(HttpClient gateway, string run)
{
    public sealed record Account(string Username, string Token);

    public List<Account> Authors { get; } = [];
    public List<string> Slugs { get; } = [];

    /// Signs `account` in to the site as a browser does (the login form with its antiforgery token),
    /// opens `page` once, and returns the `Cookie` header value the browser's later requests carry: the
    /// session, the antiforgery and the viewer cookies, so the site sets none of them again on each page.
    /// The site checks a session with Identity every 5 minutes and renews its cookie, which a browser keeps
    /// and wrk cannot: sign in right before a load shorter than that.
    public async Task<string> SignInToSiteAsync(Account account, string page)
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = gateway.BaseAddress };
        var form = await browser.GetStringAsync("/login");
        var antiforgery = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var signIn = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = $"{account.Username}@bench.example",
            ["Password"] = "benchmark password",
            ["__RequestVerificationToken"] = antiforgery,
        }));
        if (cookies.GetCookies(gateway.BaseAddress!)["blog.session"] is null)
            throw new InvalidOperationException($"signing in to the site failed: {(int)signIn.StatusCode}");
        (await browser.GetAsync(page)).EnsureSuccessStatusCode().Dispose();
        return cookies.GetCookieHeader(gateway.BaseAddress!);
    }

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        // A 503 (a store briefly out of reach under the seeding load) asks the client to try again shortly, as a client would.
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", $"Token {token}");
            if (body is not null) request.Content = JsonContent.Create(body);
            using var response = await gateway.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 5)
            {
                Console.WriteLine($"{method} {path}: 503, trying again ({text})");
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    /// Comments opens a post's thread when `PostPublished` reaches it; commenting before that is a 404.
    async Task WaitUntilCommentsKnowsAsync(IEnumerable<string> slugs)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        await Parallel.ForEachAsync(slugs, Concurrency, async (slug, cancellationToken) =>
        {
            while (true)
            {
                using var response = await gateway.GetAsync($"/api/articles/{slug}/comments?limit=1", cancellationToken);
                if (response.IsSuccessStatusCode) return;
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"Comments did not learn of {slug} within 3 minutes");
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        });
    }

    public async Task<string> LoginAsync(string email, string password) =>
        (await SendAsync(HttpMethod.Post, "/api/users/login", null, new { user = new { email, password } })).GetProperty("user").GetProperty("token").GetString()!;

    public async Task SeedAsync(string adminToken, int authors, int posts, int comments)
    {
        // The rules against flooding and copies would hold most of a machine-written load for review.
        await SendAsync(HttpMethod.Put, "/api/moderation/rules", adminToken, new { rules = new { floodPerMinute = 1_000_000, maxCopies = 1_000_000 } });
        string[] categories = ["News", "Opinion", "Science", "Sport", "Culture", "Travel", "Tech", "Food"];
        foreach (var name in categories)
        {
            try { await SendAsync(HttpMethod.Post, "/api/categories", adminToken, new { category = new { name } }); }
            catch (InvalidOperationException) { } // already there from an earlier run
        }

        var registered = new Account[authors];
        await Parallel.ForEachAsync(Enumerable.Range(0, authors), Concurrency, async (i, _) =>
        {
            var username = $"b{run}{i}";
            var user = await SendAsync(HttpMethod.Post, "/api/users", null,
                new { user = new { username, email = $"{username}@bench.example", password = "benchmark password" } });
            registered[i] = new Account(username, user.GetProperty("user").GetProperty("token").GetString()!);
        });
        Authors.AddRange(registered);

        var slugs = new string[posts];
        await Parallel.ForEachAsync(Enumerable.Range(0, posts), Concurrency, async (i, _) =>
        {
            var author = Authors[i % Authors.Count];
            var article = await SendAsync(HttpMethod.Post, "/api/articles", author.Token, new
            {
                article = new
                {
                    title = $"Post {i} on {categories[i % categories.Length]} by {author.Username}",
                    description = $"What post {i} is about",
                    body = $"## Section\n\nPost number **{i}**, with a [link](https://example.com/{i}) and some text to render. " + string.Concat(Enumerable.Repeat("Lorem ipsum dolor sit amet. ", 40)),
                    tagList = new[] { $"tag{i % 50}", $"topic{i % 7}" },
                    category = categories[i % categories.Length].ToLowerInvariant(),
                },
            });
            slugs[i] = article.GetProperty("article").GetProperty("slug").GetString()!;
        });
        Slugs.AddRange(slugs);
        await WaitUntilCommentsKnowsAsync(Slugs);

        await Parallel.ForEachAsync(Enumerable.Range(0, comments), Concurrency, async (i, _) =>
        {
            var reader = Authors[(i * 7) % Authors.Count];
            var slug = Slugs[(i * 13) % Slugs.Count];
            await SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", reader.Token, new { comment = new { body = $"Comment {i}: a reader's thoughts on this post." } });
        });
    }

    static readonly ParallelOptions Concurrency = new() { MaxDegreeOfParallelism = 16 };
}
