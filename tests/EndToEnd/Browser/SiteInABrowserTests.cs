using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Blog.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Blog.EndToEnd.Browser;

/// The site in a real browser through the gateway, with JavaScript off, as readers, writers and
/// moderators use it. Each test leaves a screenshot under `artifacts/screenshots/`.
[Collection(PlatformCollection.Name)]
public sealed class SiteInABrowserTests(PlatformFixture platform) : IAsyncLifetime
{
    BrowserSession browser = null!;

    public async Task InitializeAsync() => browser = await BrowserSession.StartAsync();

    public async Task DisposeAsync() => await browser.DisposeAsync();

    async Task<JsonElement> ApiAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await platform.Gateway.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    async Task<string> CategoryAsync(string name)
    {
        var admin = await Accounts.LoginAsync(platform.Gateway, "admin@blog.local", PlatformFixture.AdminPassword);
        return (await ApiAsync(HttpMethod.Post, "/api/categories", admin, new { category = new { name } })).GetProperty("category").GetProperty("slug").GetString()!;
    }

    Task CommentsKnowAsync(string slug) =>
        Eventually.TrueAsync(async () => (await platform.Gateway.GetAsync($"/api/articles/{slug}/comments")).IsSuccessStatusCode, "Comments to know the post");

    static async Task SignUpAsync(IPage page, string username)
    {
        await page.GotoAsync("/register");
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("E-mail").FillAsync($"{username}@example.com");
        await page.GetByLabel("Password").FillAsync("correct horse battery");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Site" })).ToContainTextAsync(username);
    }

    static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Login" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Logout" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_visitor_reads_a_post_and_sees_every_part_of_the_page()
    {
        var category = await CategoryAsync($"News {Guid.NewGuid():N}"[..13]);
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        await ApiAsync(HttpMethod.Put, "/api/user", blogger.Token, new { user = new { displayName = "Professor Plum", bio = "Professor of Warren Wilson College in the US." } });
        var article = await ApiAsync(HttpMethod.Post, "/api/articles", blogger.Token, new
        {
            article = new { title = "Reading the news", description = "A post", body = "It was a **bright** cold day.", tagList = new[] { "weather", "april" }, category },
        });
        var slug = article.GetProperty("article").GetProperty("slug").GetString()!;
        await CommentsKnowAsync(slug);
        var page = await browser.NewPageAsync(platform.Gateway.BaseAddress!);

        await page.GotoAsync($"/articles/{slug}");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Reading the news", Level = 1 })).ToBeVisibleAsync();
        var post = page.Locator("article.post");
        await Expect(post.GetByRole(AriaRole.Link, new() { Name = "Professor Plum" })).ToBeVisibleAsync();
        await Expect(post.Locator("time")).ToBeVisibleAsync();
        await Expect(post).ToContainTextAsync("Category: News");
        await Expect(post.GetByRole(AriaRole.Link, new() { Name = "weather" })).ToHaveAttributeAsync("href", "/tag/weather");
        await Expect(post).ToContainTextAsync(new Regex(@"Viewed (1 time|([02-9]|[1-9][0-9,]+) times)\b"));
        await Expect(post).ToContainTextAsync("Popularity 0");
        // A visitor's reactions are links to sign in: the page has no form, so every visitor gets the same page.
        await Expect(post.GetByRole(AriaRole.Link, new() { Name = "Like 0" })).ToHaveAttributeAsync("href", new Regex("^/login\\?returnUrl="));
        await Expect(post.GetByRole(AriaRole.Link, new() { Name = "Shake hands 0" })).ToBeVisibleAsync();
        await Expect(post).ToContainTextAsync("Friends who just made a statement (0 Person)");
        await Expect(post.GetByRole(AriaRole.Link, new() { Name = "E-mail" })).ToHaveAttributeAsync("href", new Regex("^mailto:"));
        await Expect(post.GetByLabel("Copy link")).ToHaveValueAsync(new Regex($"/articles/{slug}$"));
        await Expect(post.Locator("strong", new() { HasText = "bright" })).ToBeVisibleAsync();
        await Expect(post).ToContainTextAsync("Opinions of the writer in this blog don't represent those of the site.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Comment (0 comments)" })).ToBeVisibleAsync();
        await Expect(page.Locator(".login-to-comment")).ToContainTextAsync("You need to login to comment");
        var authorBox = page.GetByRole(AriaRole.Region, new() { Name = "About the author" });
        await Expect(authorBox).ToContainTextAsync("Professor of Warren Wilson College in the US.");
        // No picture of their own: a generated one with the first letter of their name.
        await Expect(authorBox.Locator("svg.avatar")).ToContainTextAsync("P");
        await Expect(authorBox).ToContainTextAsync("Recent comments");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Star bloggers" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Announcement" })).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "post-page");

        var phone = await browser.NewPageAsync(platform.Gateway.BaseAddress!, phone: true);
        await phone.GotoAsync($"/articles/{slug}");
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Reading the news", Level = 1 })).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(phone, "post-page-phone");
    }

    [Fact]
    public async Task A_reader_registers_comments_replies_reacts_and_reports_without_javascript()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var slug = (await ApiAsync(HttpMethod.Post, "/api/articles", blogger.Token, new { article = new { title = "Talk to me", description = "A post to discuss", body = "Say something." } }))
            .GetProperty("article").GetProperty("slug").GetString()!;
        await CommentsKnowAsync(slug);
        var page = await browser.NewPageAsync(platform.Gateway.BaseAddress!);
        await SignUpAsync(page, $"reader{Guid.NewGuid():N}"[..20]);

        await page.GotoAsync($"/articles/{slug}");
        await page.GetByLabel("Your comment").FillAsync("What a post :)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Comment", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your comment is posted.");
        var comment = page.Locator(".comment").First;
        await Expect(comment).ToContainTextAsync("What a post 😃");
        await Expect(comment.Locator("svg.avatar")).ToContainTextAsync("R");

        await comment.GetByRole(AriaRole.Link, new() { Name = "Reply" }).ClickAsync();
        await page.GetByLabel(new Regex("^Your reply to")).FillAsync("And I reply to myself");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reply" }).ClickAsync();
        await Expect(page.Locator(".comment.depth-1")).ToContainTextAsync("And I reply to myself");

        await page.GetByRole(AriaRole.Button, new() { Name = "Like 0" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Like 1" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator(".reactors")).ToContainTextAsync("(1 Person)");

        await page.Locator(".comment").First.GetByRole(AriaRole.Link, new() { Name = "Report" }).ClickAsync();
        await page.GetByLabel("Off-topic").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Report" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("a moderator will look at this comment");
        // Posts counts the comments from Comments' events, a moment later.
        await Eventually.TrueAsync(async () =>
        {
            await page.ReloadAsync();
            return await page.GetByRole(AriaRole.Heading, new() { Name = "Comment (2 comments)" }).IsVisibleAsync();
        }, "Posts to count both comments");
        await BrowserSession.ScreenshotAsync(page, "reader-discussion");
    }

    [Fact]
    public async Task A_blogger_writes_previews_and_publishes_and_the_post_is_listed_everywhere()
    {
        var categoryName = $"Science {Guid.NewGuid():N}"[..16];
        var category = await CategoryAsync(categoryName);
        var tag = $"t{Guid.NewGuid():N}"[..12];
        var username = $"writer{Guid.NewGuid():N}"[..20];
        var title = $"Discovered {Guid.NewGuid():N}"[..24];
        var page = await browser.NewPageAsync(platform.Gateway.BaseAddress!);
        await SignUpAsync(page, username);

        await page.GetByRole(AriaRole.Link, new() { Name = "Write", Exact = true }).ClickAsync();
        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByLabel("Summary").FillAsync("What we found");
        await page.GetByLabel("Body (Markdown)").FillAsync("We found **water**.\n\n<script>alert(1)</script>");
        await page.GetByLabel("Category").SelectOptionAsync(category);
        await page.GetByLabel("Tags (separated by commas)").FillAsync($"{tag}, space");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        var preview = page.GetByRole(AriaRole.Region, new() { Name = "Preview" });
        await Expect(preview.Locator("strong", new() { HasText = "water" })).ToBeVisibleAsync();
        await Expect(preview.Locator("script")).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Title")).ToHaveValueAsync(title);
        await BrowserSession.ScreenshotAsync(page, "writer-preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Draft saved.");
        await page.GotoAsync("/drafts");
        await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();

        foreach (var listing in new[] { "/", $"/blog/{username}", $"/tag/{tag}", $"/category/{category}" })
        {
            await page.GotoAsync(listing);
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = title }).First).ToBeVisibleAsync();
        }
        var feed = await page.APIRequest.GetAsync($"/feed.xml?author={username}");
        Assert.Contains(title, await feed.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blogger_schedules_a_post_which_stays_theirs_until_its_time_and_then_is_public()
    {
        var username = $"planner{Guid.NewGuid():N}"[..20];
        var title = $"Later {Guid.NewGuid():N}"[..20];
        var page = await browser.NewPageAsync(platform.Gateway.BaseAddress!);
        var visitor = await browser.NewPageAsync(platform.Gateway.BaseAddress!);
        await SignUpAsync(page, username);

        await page.GotoAsync("/write");
        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByLabel("Summary").FillAsync("Not yet");
        await page.GetByLabel("Body (Markdown)").FillAsync("Embargoed until the time comes.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
        await Expect(page.Locator(".errors")).ToContainTextAsync("publishAt");

        // The field takes minutes (the site's time zone is UTC here, Site:TimeZone): the next whole minute at least 5 s away.
        var now = DateTimeOffset.UtcNow;
        var at = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(now.Second < 55 ? 1 : 2);
        await page.GetByLabel("Publish at (UTC), to schedule").FillAsync(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Scheduled: it will be published on");
        var slug = page.Url.Split('/')[^1];
        await page.GotoAsync("/drafts");
        await Expect(page.Locator("ul.scheduled").GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "writer-scheduled");
        Assert.Equal(404, (await visitor.GotoAsync($"/articles/{slug}"))!.Status);

        await Eventually.TrueAsync(async () => (await visitor.GotoAsync($"/articles/{slug}"))!.Status == 200, "the post to be public at its time", TimeSpan.FromSeconds(150));
        Assert.True(DateTimeOffset.UtcNow >= at, "public before its time");
        await Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        await page.GotoAsync("/drafts");
        await Expect(page.Locator("ul.scheduled")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_blogger_puts_an_uploaded_image_in_a_post_and_uploads_a_picture_for_the_account()
    {
        var username = $"painter{Guid.NewGuid():N}"[..20];
        var title = $"Harbour {Guid.NewGuid():N}"[..20];
        var page = await browser.NewPageAsync(platform.Gateway.BaseAddress!);
        await SignUpAsync(page, username);
        await page.GotoAsync("/write");
        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByLabel("Summary").FillAsync("A picture");
        await page.GetByLabel("Body (Markdown)").FillAsync("Before the picture.");
        var image = page.GetByLabel("Image (JPEG, PNG, GIF or WebP)");
        // A photo of megabytes: more than the gateway lets through for other forms.
        var photo = TestImages.Noise(1600, 900);
        Assert.True(photo.Length > 1024 * 1024, $"the photo is only {photo.Length} bytes");
        await image.SetInputFilesAsync(new FilePayload { Name = "harbour.jpg", MimeType = "image/jpeg", Buffer = photo });
        await page.GetByLabel("Description of the image (for readers who cannot see it)").FillAsync("The harbour at dawn");
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and insert" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The image is at the end of the body");
        var body = await page.GetByLabel("Body (Markdown)").InputValueAsync();
        Assert.StartsWith("Before the picture.\n\n[![The harbour at dawn](/media/", body.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        // Saved as a draft to hold the image: the writer carries on and publishes.
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        var picture = page.Locator("article.post .body img");
        await Expect(picture).ToHaveAttributeAsync("alt", "The harbour at dawn");
        var src = await picture.GetAttributeAsync("src");
        Assert.Matches("^/media/[0-9a-f]{32}\\.jpg$", src);
        // Loaded and decoded by the browser: the column-wide size.
        await Expect(picture).ToHaveJSPropertyAsync("naturalWidth", 720);
        await BrowserSession.ScreenshotAsync(page, "writer-image");

        // Back in the writing page, the post's image is listed and goes in again without an upload.
        await page.GotoAsync($"/write/{page.Url.Split('/')[^1]}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Insert again" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The image is at the end of the body");
        Assert.Equal(2, Regex.Count(await page.GetByLabel("Body (Markdown)").InputValueAsync(), "/media/[0-9a-f]{32}\\.jpg\\)\\]"));
        await BrowserSession.ScreenshotAsync(page, "writer-images-of-post");

        // A file that is no image is refused with the reason, and the account keeps its generated picture.
        await page.GotoAsync("/settings");
        var upload = page.GetByLabel("Upload a picture (JPEG, PNG, GIF or WebP; cropped square)");
        await upload.SetInputFilesAsync(new FilePayload { Name = "me.png", MimeType = "image/png", Buffer = "<svg onload=alert(1)>"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator(".errors")).ToContainTextAsync("JPEG, PNG, GIF or WebP");

        await page.GotoAsync("/settings");
        await upload.SetInputFilesAsync(new FilePayload { Name = "me.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(400, 300, seed: 9) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your settings are saved.");
        await Expect(page.Locator("img.avatar")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^/media/[0-9a-f]{32}\\.jpg$"));
        await page.GotoAsync($"/blog/{username}");
        await Expect(page.Locator("img.avatar").First).ToHaveJSPropertyAsync("naturalWidth", 192);
    }

    [Fact]
    public async Task A_blogger_sees_what_an_edit_changed_and_restores_an_earlier_revision()
    {
        var username = $"reviser{Guid.NewGuid():N}"[..20];
        var title = $"Drafted {Guid.NewGuid():N}"[..20];
        var page = await browser.NewPageAsync(platform.Gateway.BaseAddress!);
        await SignUpAsync(page, username);
        await page.GotoAsync("/write");
        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByLabel("Summary").FillAsync("Two takes");
        await page.GetByLabel("Body (Markdown)").FillAsync("The first take.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        var slug = page.Url.Split('/')[^1];
        await page.GotoAsync($"/write/{slug}");
        await page.GetByLabel("Body (Markdown)").FillAsync("The second take.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Update" }).ClickAsync();
        await Expect(page.GetByText("The second take.")).ToBeVisibleAsync();

        await page.GotoAsync($"/write/{slug}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Revisions" }).ClickAsync();
        var revisions = page.Locator("ol.revision-list > li");
        await Expect(revisions).ToHaveCountAsync(2);
        await revisions.First.GetByRole(AriaRole.Link, new() { Name = "Changes" }).ClickAsync();
        var changes = page.GetByRole(AriaRole.Region, new() { Name = "Changes" });
        await Expect(changes.Locator("del")).ToContainTextAsync("The first take.");
        await Expect(changes.Locator("ins")).ToContainTextAsync("The second take.");
        await BrowserSession.ScreenshotAsync(page, "writer-revisions");

        await page.GetByRole(AriaRole.Button, new() { Name = "Restore revision 1" }).ClickAsync();
        await Expect(page.Locator("ol.revision-list > li")).ToHaveCountAsync(3);
        await Expect(page.Locator("ol.revision-list > li").First).ToContainTextAsync("restored from revision 1");
        await page.GotoAsync($"/articles/{slug}");
        await Expect(page.Locator("article.post div.body").First).ToContainTextAsync("The first take.");
    }

    [Fact]
    public async Task A_reader_searches_in_Chinese_and_sees_the_matches_marked()
    {
        var author = await Accounts.RegisterAsync(platform.Gateway);
        var idiom = await ApiAsync(HttpMethod.Post, "/api/articles", author.Token, new { article = new
        {
            title = $"春节随笔 {Guid.NewGuid():N}"[..14], description = "新年", body = "祝大家新年快乐，一帆风顺，万事如意。", tagList = Array.Empty<string>(),
        } });
        var title = idiom.GetProperty("article").GetProperty("title").GetString()!;
        var page = await browser.NewPageAsync(platform.Gateway.BaseAddress!);

        await page.GotoAsync("/search");
        await page.GetByRole(AriaRole.Searchbox).FillAsync("一帆风顺");
        await page.GetByRole(AriaRole.Searchbox).PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
        var snippet = page.Locator("li", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = title }) }).Locator(".snippet");
        await Expect(snippet.Locator("mark")).ToHaveTextAsync("一帆风顺");
        await BrowserSession.ScreenshotAsync(page, "search-chinese");
    }

    [Fact]
    public async Task A_reader_whose_browser_speaks_Chinese_reads_the_site_in_Chinese_and_switches_to_English_without_script()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var article = await ApiAsync(HttpMethod.Post, "/api/articles", blogger.Token, new
        {
            article = new { title = "读报", description = "随笔", body = "今天天气很好。", tagList = Array.Empty<string>() },
        });
        var slug = article.GetProperty("article").GetProperty("slug").GetString()!;
        await CommentsKnowAsync(slug);
        var page = await browser.NewPageAsync(platform.Gateway.BaseAddress!, locale: "zh-CN");

        await page.GotoAsync($"/articles/{slug}");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hans");
        var post = page.Locator("article.post");
        await Expect(post).ToContainTextAsync(new Regex(@"浏览 [0-9,]+ 次"));
        await Expect(post).ToContainTextAsync(new Regex(@"\d{4}年\d{1,2}月\d{1,2}日"));
        await Expect(post.GetByRole(AriaRole.Link, new() { Name = "点赞 0" })).ToBeVisibleAsync();
        await Expect(page.Locator(".login-to-comment")).ToContainTextAsync("您需要登录后才可以评论");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "明星博主" })).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "post-page-chinese");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "语言" }).GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/articles/{slug}$"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator(".login-to-comment")).ToContainTextAsync("You need to login to comment");
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Latest posts", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_moderator_approves_a_held_comment_from_the_queue()
    {
        var admin = await Accounts.LoginAsync(platform.Gateway, "admin@blog.local", PlatformFixture.AdminPassword);
        var moderator = await Accounts.RegisterAsync(platform.Gateway);
        await ApiAsync(HttpMethod.Put, $"/api/admin/users/{moderator.Username}/roles/moderator", admin);
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var slug = (await ApiAsync(HttpMethod.Post, "/api/articles", blogger.Token, new { article = new { title = "Held for review", description = "A post to discuss", body = "Discuss." } }))
            .GetProperty("article").GetProperty("slug").GetString()!;
        await CommentsKnowAsync(slug);
        // A brand-new account posting a link is held by the rules.
        var reader = await Accounts.RegisterAsync(platform.Gateway);
        var marker = Guid.NewGuid().ToString("N");
        var text = $"My shop at http://shop.example/{marker}";
        await ApiAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", reader.Token, new { comment = new { body = text } });
        var visitor = await browser.NewPageAsync(platform.Gateway.BaseAddress!);
        await Eventually.TrueAsync(async () =>
        {
            await visitor.GotoAsync($"/articles/{slug}");
            return !(await visitor.ContentAsync()).Contains(marker, StringComparison.Ordinal);
        }, "the held comment to leave the page");

        var page = await browser.NewPageAsync(platform.Gateway.BaseAddress!);
        await SignInAsync(page, moderator.Email, moderator.Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Moderation", Exact = true }).ClickAsync();
        var held = page.Locator(".case", new() { HasText = marker });
        await Expect(held).ToContainTextAsync("Hidden until decided");
        await Expect(held).ToContainTextAsync("younger than");
        await BrowserSession.ScreenshotAsync(page, "moderation-queue");
        await held.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Approved");

        await Eventually.TrueAsync(async () =>
        {
            await visitor.GotoAsync($"/articles/{slug}");
            return (await visitor.ContentAsync()).Contains(marker, StringComparison.Ordinal);
        }, "the approved comment to return to the page");
    }

    [Fact]
    public async Task An_admin_adds_a_category_features_a_blogger_and_blocks_a_word_and_a_reader_edits_their_settings()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var categoryName = $"Arts {Guid.NewGuid():N}"[..13];
        var word = $"blocked{Guid.NewGuid():N}"[..15];
        var page = await browser.NewPageAsync(platform.Gateway.BaseAddress!);
        await SignInAsync(page, "admin@blog.local", PlatformFixture.AdminPassword);

        await page.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true }).ClickAsync();
        await page.GetByLabel("New category").FillAsync(categoryName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add category" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Category {categoryName} added.");
        await page.Locator("#feature-user").FillAsync(blogger.Username);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{blogger.Username} is a star blogger.");
        await page.GetByLabel(new Regex("^Blocked words")).FillAsync($"{word}: reject");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save rules" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Rules saved.");
        await Expect(page.GetByLabel(new Regex("^Blocked words"))).ToHaveValueAsync($"{word}: reject");
        await BrowserSession.ScreenshotAsync(page, "admin");

        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = categoryName })).ToBeVisibleAsync();
        await Expect(page.Locator(".bloggers")).ToContainTextAsync(blogger.Username);
        var rules = await ApiAsync(HttpMethod.Get, "/api/moderation/rules", await Accounts.LoginAsync(platform.Gateway, "admin@blog.local", PlatformFixture.AdminPassword));
        Assert.Contains(rules.GetProperty("rules").GetProperty("blockedWords").EnumerateArray(),
            w => w.GetProperty("word").GetString() == word && w.GetProperty("action").GetString() == "reject");
        await ApiAsync(HttpMethod.Put, "/api/moderation/rules", await Accounts.LoginAsync(platform.Gateway, "admin@blog.local", PlatformFixture.AdminPassword),
            new { rules = new { blockedWords = Array.Empty<object>() } });

        var reader = await browser.NewPageAsync(platform.Gateway.BaseAddress!);
        var username = $"settler{Guid.NewGuid():N}"[..20];
        await SignUpAsync(reader, username);
        await reader.GetByRole(AriaRole.Link, new() { Name = "Settings", Exact = true }).ClickAsync();
        await reader.GetByLabel("Display name").FillAsync("Dr Settler");
        await reader.GetByLabel("Bio").FillAsync("Writes about settling in.");
        await reader.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(reader.GetByRole(AriaRole.Status)).ToContainTextAsync("Your settings are saved.");
        await Expect(reader.GetByRole(AriaRole.Navigation, new() { Name = "Site" })).ToContainTextAsync("Dr Settler");
        await reader.GotoAsync($"/blog/{username}");
        await Expect(reader.GetByRole(AriaRole.Heading, new() { Name = "Dr Settler", Level = 1 })).ToBeVisibleAsync();
        await Expect(reader.Locator(".bio")).ToContainTextAsync("Writes about settling in.");
    }

    [Fact]
    public async Task The_API_docs_page_renders_the_merged_document_under_its_content_security_policy()
    {
        var page = await browser.NewPageAsync(platform.Gateway.BaseAddress!, javaScript: true);
        var refused = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) refused.Add(message.Text); };
        var outside = new List<string>();
        page.Request += (_, request) => { if (!request.Url.StartsWith(platform.Gateway.BaseAddress!.ToString(), StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)) outside.Add(request.Url); };

        await page.GotoAsync("/api/docs");

        // The reference renders every service's operations in the browser: on a loaded CI machine that took over 30 s once.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Blog API" }).First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Open Group - Users" }).ClickAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Register an account" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Open Group - Comments" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Comment on a post, or reply to a comment" })).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "api-docs", fullPage: false);
        Assert.Empty(refused);
        Assert.Empty(outside);
    }
}
