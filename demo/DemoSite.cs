using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Blog.Demo;

public sealed record DemoCredentials(string AdminEmail, string AdminPassword, string BloggerPassword);

/// What a seeding run added: all zero when the site was already seeded.
public sealed record DemoReport(int Accounts, int Categories, int Posts, int Comments)
{
    public override string ToString() =>
        $"demo: added {Accounts} accounts, {Categories} categories, {Posts} posts and {Comments} comments" +
        (Accounts + Categories + Posts + Comments == 0 ? " (the site was already seeded)" : "");
}

/// Seeds the demo site through the public API, as a client would, and only what is not there yet: a second
/// run finds every account, category, post and comment and adds nothing (views are read only on new posts).
public sealed class DemoSite(HttpClient gateway, DemoCredentials credentials, TextWriter log)
{
    static readonly TimeSpan PostKnownDeadline = TimeSpan.FromSeconds(60);
    readonly Dictionary<string, string> tokens = new(StringComparer.Ordinal);

    public async Task<DemoReport> SeedAsync(CancellationToken cancellationToken)
    {
        var admin = await SignInAsync(credentials.AdminEmail, credentials.AdminPassword, cancellationToken)
            ?? throw new InvalidOperationException($"the administrator {credentials.AdminEmail} could not sign in");
        var accounts = 0;
        foreach (var blogger in DemoContent.Bloggers.Append(DemoContent.Newcomer))
        {
            if (await EnsureAccountAsync(blogger, cancellationToken)) accounts++;
            if (blogger.Featured) await SendAsync(HttpMethod.Put, $"/api/admin/users/{blogger.Username}/featured", admin, null, cancellationToken);
        }

        var categories = 0;
        foreach (var name in DemoContent.Categories)
        {
            var (status, _) = await SendAsync(HttpMethod.Post, "/api/categories", admin, new { category = new { name } }, cancellationToken);
            if (status == HttpStatusCode.Created) categories++;
        }
        var (_, listed) = await SendAsync(HttpMethod.Get, "/api/categories", null, null, cancellationToken);
        var categorySlugs = listed.GetProperty("categories").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("slug").GetString()!, StringComparer.Ordinal);

        var (posts, comments) = (0, 0);
        string? firstSlug = null;
        foreach (var post in DemoContent.Posts)
        {
            var (slug, created) = await EnsurePostAsync(post, categorySlugs[post.Category], cancellationToken);
            firstSlug ??= slug;
            if (created) posts++;
            await WhenCommentsKnowAsync(slug, cancellationToken);
            foreach (var comment in post.Comments) comments += await EnsureCommentAsync(slug, comment, null, cancellationToken);
            foreach (var liker in post.Likes) await SendAsync(HttpMethod.Post, $"/api/articles/{slug}/favorite", tokens[liker], null, cancellationToken);
            foreach (var friend in post.Handshakes) await SendAsync(HttpMethod.Put, $"/api/articles/{slug}/reactions/handshake", tokens[friend], null, cancellationToken);
            // Each blogger reads each new post once: a view per reader, as the site counts them.
            if (created)
                foreach (var reader in DemoContent.Bloggers) await SendAsync(HttpMethod.Get, $"/api/articles/{slug}", tokens[reader.Username], null, cancellationToken);
        }
        comments += await EnsureCommentAsync(firstSlug!, DemoContent.HeldComment, null, cancellationToken);
        return new DemoReport(accounts, categories, posts, comments);
    }

    /// Registers the blogger (true) or signs in to the account an earlier run made (false); sets the profile either way.
    async Task<bool> EnsureAccountAsync(DemoBlogger blogger, CancellationToken cancellationToken)
    {
        var email = $"{blogger.Username}@demo.example";
        var (status, registered) = await SendAsync(HttpMethod.Post, "/api/users", null,
            new { user = new { username = blogger.Username, email, password = credentials.BloggerPassword } }, cancellationToken);
        var token = status == HttpStatusCode.Created ? registered.GetProperty("user").GetProperty("token").GetString()
            : await SignInAsync(email, credentials.BloggerPassword, cancellationToken)
              ?? throw new InvalidOperationException($"{blogger.Username} exists but does not sign in with the demo password");
        tokens[blogger.Username] = token!;
        await SendAsync(HttpMethod.Put, "/api/user", token, new { user = new { displayName = blogger.DisplayName, bio = blogger.Bio } }, cancellationToken);
        if (status == HttpStatusCode.Created) log.WriteLine($"demo: registered {blogger.Username}");
        return status == HttpStatusCode.Created;
    }

    async Task<(string Slug, bool Created)> EnsurePostAsync(DemoPost post, string category, CancellationToken cancellationToken)
    {
        var token = tokens[post.Author];
        var (_, mine) = await SendAsync(HttpMethod.Get, $"/api/articles?author={post.Author}&limit=100", token, null, cancellationToken);
        if (mine.GetProperty("articles").EnumerateArray().FirstOrDefault(a => a.GetProperty("title").GetString() == post.Title) is { ValueKind: JsonValueKind.Object } existing)
            return (existing.GetProperty("slug").GetString()!, false);

        var (status, created) = await SendAsync(HttpMethod.Post, "/api/articles", token,
            new { article = new { title = post.Title, description = post.Description, body = post.Body, tagList = post.Tags, category } }, cancellationToken);
        if (status != HttpStatusCode.Created) throw new InvalidOperationException($"writing '{post.Title}' answered {(int)status}: {created}");
        log.WriteLine($"demo: published '{post.Title}'");
        return (created.GetProperty("article").GetProperty("slug").GetString()!, true);
    }

    /// Comments hears of a new post through the bus: its thread opens a moment after the post is published.
    async Task WhenCommentsKnowAsync(string slug, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + PostKnownDeadline;
        while ((await SendAsync(HttpMethod.Get, $"/api/articles/{slug}/comments?limit=1", tokens[DemoContent.Bloggers[0].Username], null, cancellationToken)).Status != HttpStatusCode.OK)
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"Comments did not learn of '{slug}' within {PostKnownDeadline.TotalSeconds:0} s");
            await Task.Delay(200, cancellationToken);
        }
    }

    /// Writes the comment and its replies unless its author already wrote that text there (held ones included:
    /// the thread shows authors their own). Answers how many it wrote.
    async Task<int> EnsureCommentAsync(string slug, DemoComment comment, long? parentId, CancellationToken cancellationToken)
    {
        var token = tokens[comment.Author];
        var (_, thread) = await SendAsync(HttpMethod.Get, $"/api/articles/{slug}/comments?limit=200", token, null, cancellationToken);
        var existing = thread.GetProperty("comments").EnumerateArray().FirstOrDefault(c =>
            c.GetProperty("author").GetProperty("username").GetString() == comment.Author && c.GetProperty("body").GetString() == comment.Body);
        var written = 0;
        long id;
        if (existing.ValueKind == JsonValueKind.Object) id = existing.GetProperty("id").GetInt64();
        else
        {
            var (status, created) = await SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", token, new { comment = new { body = comment.Body, parentId } }, cancellationToken);
            if (status != HttpStatusCode.Created) throw new InvalidOperationException($"commenting on '{slug}' answered {(int)status}: {created}");
            id = created.GetProperty("comment").GetProperty("id").GetInt64();
            written++;
        }
        foreach (var reply in comment.Replies) written += await EnsureCommentAsync(slug, reply, id, cancellationToken);
        return written;
    }

    async Task<string?> SignInAsync(string email, string password, CancellationToken cancellationToken)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/users/login", null, new { user = new { email, password } }, cancellationToken);
        return status == HttpStatusCode.OK ? body.GetProperty("user").GetProperty("token").GetString() : null;
    }

    /// One call; a 429 (sign-in and comment limits) or a 503 is tried again after the time the platform asks for.
    async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? token, object? body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
            if (body is not null) request.Content = JsonContent.Create(body);
            using var response = await gateway.SendAsync(request, cancellationToken);
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && attempt < 5)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(5);
                log.WriteLine($"demo: {method} {path} answered {(int)response.StatusCode}; trying again in {wait.TotalSeconds:0} s");
                await Task.Delay(wait, cancellationToken);
                continue;
            }
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return (response.StatusCode, text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
        }
    }
}
