using System.Net;
using System.Text.Json;
using Blog.Contracts;
using Blog.Posts.Infrastructure;
using Blog.Messaging;
using Blog.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Posts.Tests;

public sealed class ArticlesApiTests(DefaultPostsFixture fixture) : IClassFixture<DefaultPostsFixture>
{
    [Fact]
    public async Task The_list_of_articles_is_described_with_the_RealWorld_query_names_and_ours()
    {
        var document = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonElement>(fixture.Client, Blog.ServiceDefaults.Api.ApiDescription.DocumentPath);

        var parameters = document.GetProperty("paths").GetProperty("/api/articles").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Select(p => (Name: p.GetProperty("name").GetString(), In: p.GetProperty("in").GetString(), Required: p.TryGetProperty("required", out var r) && r.GetBoolean()))
            .ToList();

        Assert.Equal(["author", "category", "favorited", "limit", "offset", "q", "sort", "status", "tag"], parameters.Select(p => p.Name).Order());
        Assert.All(parameters, p => Assert.Equal(("query", false), (p.In, p.Required)));
    }

    [Fact]
    public async Task A_published_post_has_the_RealWorld_shape_with_our_fields()
    {
        var author = await fixture.RegisterAsync();

        var article = await fixture.WriteAsync(author, "How to train your dragon", "It takes **patience**.", tags: [" Dragons ", "training", "dragons"]);

        Assert.StartsWith("how-to-train-your-dragon-", article.GetProperty("slug").GetString());
        Assert.Equal("How to train your dragon", article.GetProperty("title").GetString());
        Assert.Equal(["dragons", "training"], article.GetProperty("tagList").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("<p>It takes <strong>patience</strong>.</p>", article.GetProperty("bodyHtml").GetString());
        Assert.Equal("published", article.GetProperty("status").GetString());
        Assert.Equal(author.Username, article.GetProperty("author").GetProperty("username").GetString());
        Assert.False(article.GetProperty("favorited").GetBoolean());
        Assert.Equal(0, article.GetProperty("favoritesCount").GetInt32());
        Assert.Equal(0, article.GetProperty("commentsCount").GetInt32());
        Assert.Equal(0, article.GetProperty("popularity").GetInt32());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", article.GetProperty("createdAt").GetString());
    }

    [Fact]
    public async Task The_list_is_newest_first_with_the_total_before_paging_and_filters_by_tag_and_author()
    {
        var author = await fixture.RegisterAsync();
        var tag = $"t{Guid.NewGuid():N}"[..12];
        var first = await fixture.WriteAsync(author, "First", tags: [tag]);
        var second = await fixture.WriteAsync(author, "Second", tags: [tag]);
        await fixture.WriteAsync(author, "Untagged");

        var (status, byTag) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles?tag={tag}&limit=1", null);
        var (_, byAuthor) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles?author={author.Username}", null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, byTag.GetProperty("articlesCount").GetInt32());
        Assert.Equal(second.GetProperty("slug").GetString(), byTag.GetProperty("articles")[0].GetProperty("slug").GetString());
        Assert.Equal(3, byAuthor.GetProperty("articlesCount").GetInt32());
        Assert.False(byTag.GetProperty("articles")[0].TryGetProperty("body", out var body) && body.ValueKind != JsonValueKind.Null);
        _ = first;
    }

    [Fact]
    public async Task Full_text_search_finds_posts_by_words_of_their_body()
    {
        var author = await fixture.RegisterAsync();
        var word = $"zq{Guid.NewGuid():N}"[..14];
        var article = await fixture.WriteAsync(author, "Searchable", body: $"This body mentions {word} once.");

        var (_, found) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles?q={word}", null);

        Assert.Equal(article.GetProperty("slug").GetString(), Assert.Single(found.GetProperty("articles").EnumerateArray()).GetProperty("slug").GetString());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("sort=random", "sort")]
    [InlineData("status=someday", "status")]
    [InlineData("q=%E7%BB%8F%00", "q")]
    [InlineData("tag=a%00b", "tag")]
    [InlineData("author=%01", "author")]
    public async Task Bad_paging_sorting_or_filters_are_a_422(string query, string field)
    {
        var (status, body) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles?{query}", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_huge_limit_is_capped()
    {
        var (status, body) = await fixture.SendAsync(HttpMethod.Get, "/api/articles?limit=100000", null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("articles").GetArrayLength() <= 100);
    }

    [Theory]
    [InlineData("title", "Title \u0001 with a control character")]
    [InlineData("description", "NUL \u0000 inside")]
    [InlineData("body", "Body with \u0007 a bell")]
    public async Task Control_characters_in_a_field_are_a_422_and_the_feed_stays_valid(string field, string value)
    {
        var author = await fixture.RegisterAsync();
        var article = new Dictionary<string, object> { ["title"] = "Clean title", ["description"] = "Clean", ["body"] = "Clean body", ["tagList"] = new[] { "clean" } };
        article[field] = value;

        var (status, body) = await fixture.SendAsync(HttpMethod.Post, "/api/articles", author.Token, new { article });
        var (tagStatus, tagBody) = await fixture.SendAsync(HttpMethod.Post, "/api/articles", author.Token,
            new { article = new { title = "Tagged", body = "b", tagList = new[] { "bad\u0001tag" } } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tagStatus);
        Assert.True(tagBody.GetProperty("errors").TryGetProperty("tagList", out _));
        using var feed = await fixture.Client.GetAsync("/feed.xml");
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        System.Xml.Linq.XDocument.Parse(await feed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Writing_needs_a_login_and_valid_fields()
    {
        var author = await fixture.RegisterAsync();

        var anonymous = await fixture.SendAsync(HttpMethod.Post, "/api/articles", null, new { article = new { title = "t", body = "b" } });
        var missing = await fixture.SendAsync(HttpMethod.Post, "/api/articles", author.Token, new { article = new { description = "d" } });
        var tooLong = await fixture.SendAsync(HttpMethod.Post, "/api/articles", author.Token, new { article = new { title = new string('t', 201), body = "b" } });
        var category = await fixture.SendAsync(HttpMethod.Post, "/api/articles", author.Token, new { article = new { title = "t", body = "b", category = "no-such-category" } });
        var status = await fixture.SendAsync(HttpMethod.Post, "/api/articles", author.Token, new { article = new { title = "t", body = "b", status = "archived" } });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.Status);
        Assert.Equal(["body", "title"], missing.Body.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        Assert.True(tooLong.Body.GetProperty("errors").TryGetProperty("title", out _));
        Assert.True(category.Body.GetProperty("errors").TryGetProperty("category", out _));
        Assert.True(status.Body.GetProperty("errors").TryGetProperty("status", out _));
        var (_, mine) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles?author={author.Username}", null);
        Assert.Equal(0, mine.GetProperty("articlesCount").GetInt32());
    }

    [Fact]
    public async Task The_spec_requires_a_description_a_list_for_tagList_and_a_value_for_each_field_an_update_names()
    {
        var author = await fixture.RegisterAsync();
        var slug = (await fixture.WriteAsync(author)).GetProperty("slug").GetString();

        var blankDescription = await fixture.SendAsync(HttpMethod.Post, "/api/articles", author.Token, new { article = new { title = "t", description = " ", body = "b" } });
        var nullTags = await fixture.SendAsync(HttpMethod.Post, "/api/articles", author.Token, new { article = new { title = "t", description = "d", body = "b", tagList = (string[]?)null } });
        var nullTitle = await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}", author.Token, new { article = new { title = (string?)null } });
        var emptyDescription = await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}", author.Token, new { article = new { description = "" } });
        var (_, list) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles?author={author.Username}", null);

        Assert.Equal("can't be blank", blankDescription.Body.GetProperty("errors").GetProperty("description")[0].GetString());
        Assert.True(nullTags.Body.GetProperty("errors").TryGetProperty("tagList", out _), nullTags.Body.ToString());
        Assert.Equal("can't be blank", nullTitle.Body.GetProperty("errors").GetProperty("title")[0].GetString());
        Assert.Equal("can't be blank", emptyDescription.Body.GetProperty("errors").GetProperty("description")[0].GetString());
        var item = list.GetProperty("articles")[0];
        Assert.False(item.TryGetProperty("body", out _));
        Assert.False(item.TryGetProperty("bodyHtml", out _));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, item.GetProperty("author").GetProperty("bio").ValueKind);
    }

    [Fact]
    public async Task Only_the_author_edits_or_deletes_and_an_unknown_slug_is_404()
    {
        var author = await fixture.RegisterAsync();
        var other = await fixture.RegisterAsync();
        var slug = (await fixture.WriteAsync(author)).GetProperty("slug").GetString();

        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}", other.Token, new { article = new { body = "mine now" } })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.SendAsync(HttpMethod.Delete, $"/api/articles/{slug}", other.Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, "/api/articles/no-such-slug", null)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Put, "/api/articles/no-such-slug", author.Token, new { article = new { body = "x" } })).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.SendAsync(HttpMethod.Delete, $"/api/articles/{slug}", author.Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", null)).Status);
    }

    [Fact]
    public async Task A_new_title_gives_a_new_slug_and_the_old_one_still_leads_to_the_post()
    {
        var author = await fixture.RegisterAsync();
        var oldSlug = (await fixture.WriteAsync(author, "Old title")).GetProperty("slug").GetString();

        var (status, updated) = await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{oldSlug}", author.Token, new { article = new { title = "New title" } });
        var newSlug = updated.GetProperty("article").GetProperty("slug").GetString();
        var (_, viaOld) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{oldSlug}", null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("new-title-", newSlug);
        Assert.Equal("New title", viaOld.GetProperty("article").GetProperty("title").GetString());
        Assert.Equal(newSlug, viaOld.GetProperty("article").GetProperty("slug").GetString());
    }

    [Fact]
    public async Task A_draft_is_private_until_published_and_PostPublished_is_raised_each_time_it_becomes_public()
    {
        await using var subscriber = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(PostPublished));
        var author = await fixture.RegisterAsync();
        var other = await fixture.RegisterAsync();
        var slug = (await fixture.WriteAsync(author, "Work in progress", status: "draft")).GetProperty("slug").GetString();

        var seenByOther = await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", other.Token);
        var (_, publicList) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles?author={author.Username}", null);
        var (_, drafts) = await fixture.SendAsync(HttpMethod.Get, "/api/articles?status=draft", author.Token);
        await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}", author.Token, new { article = new { status = "published" } });
        await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}", author.Token, new { article = new { body = "Edited after publishing" } });

        Assert.Equal(HttpStatusCode.NotFound, seenByOther.Status);
        Assert.Equal(0, publicList.GetProperty("articlesCount").GetInt32());
        Assert.Contains(slug, drafts.GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));
        var published = await subscriber.WaitForAsync(m => m.GetProperty("slug").GetString() == slug, "PostPublished");
        Assert.Equal(author.Username, published.GetProperty("authorUsername").GetString());
        Assert.EndsWith($"/articles/{slug}", published.GetProperty("canonicalUrl").GetString());
        // Later events prove the relay moved on; still one PostPublished for this post.
        await using var updates = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(PostUpdated));
        await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}", author.Token, new { article = new { body = "Edited twice" } });
        await updates.WaitForAsync(m => m.GetProperty("slug").GetString() == slug, "PostUpdated");
        Assert.Single(subscriber.Deliveries, d => d.Envelope.GetProperty("message").GetProperty("slug").GetString() == slug);

        // Unpublished and published again: public again, announced again, with its first publication date.
        await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}", author.Token, new { article = new { status = "draft" } });
        await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}", author.Token, new { article = new { status = "published" } });
        await Eventually.TrueAsync(() => Task.FromResult(subscriber.Deliveries.Count(d => d.Envelope.GetProperty("message").GetProperty("slug").GetString() == slug) == 2),
            "a second PostPublished after republication");
        var again = subscriber.Deliveries.Where(d => d.Envelope.GetProperty("message").GetProperty("slug").GetString() == slug).ToList();
        Assert.NotEqual(again[0].MessageId, again[1].MessageId);
        Assert.Equal(published.GetProperty("publishedAt").GetDateTimeOffset(), again[1].Envelope.GetProperty("message").GetProperty("publishedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_feed_shows_posts_of_followed_authors_only()
    {
        var reader = await fixture.RegisterAsync();
        var followed = await fixture.RegisterAsync();
        var stranger = await fixture.RegisterAsync();
        var followedPost = await fixture.WriteAsync(followed, "Followed");
        await fixture.WriteAsync(stranger, "Stranger");

        // Identity's event, as Identity would publish it.
        await fixture.Services.GetRequiredService<IBus>().Publish(new UserFollowed(reader.Id, reader.Username, followed.Id, followed.Username, DateTimeOffset.UtcNow));
        var feed = await Eventually.ReturnsAsync(async () => (await fixture.SendAsync(HttpMethod.Get, "/api/articles/feed", reader.Token)).Body,
            body => body.GetProperty("articlesCount").GetInt32() > 0, "the feed to fill");

        var article = Assert.Single(feed.GetProperty("articles").EnumerateArray());
        Assert.Equal(followedPost.GetProperty("slug").GetString(), article.GetProperty("slug").GetString());
        Assert.True(article.GetProperty("author").GetProperty("following").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Get, "/api/articles/feed", null)).Status);
    }

    [Fact]
    public async Task An_authors_profile_change_reaches_their_posts()
    {
        var author = await fixture.RegisterAsync();
        var slug = (await fixture.WriteAsync(author)).GetProperty("slug").GetString();

        await fixture.Services.GetRequiredService<IBus>().Publish(new UserProfileUpdated(author.Id, author.Username, author.Username,
            "Prof. Jones", "Professor of Warren Wilson College in the US.", null, false, DateTimeOffset.UtcNow));

        await Eventually.TrueAsync(async () => (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", null)).Body
            .GetProperty("article").GetProperty("author").GetProperty("displayName").GetString() == "Prof. Jones", "the new display name");
    }

    [Fact]
    public async Task A_registration_arriving_after_a_profile_update_does_not_undo_it()
    {
        var author = await fixture.RegisterAsync();
        var slug = (await fixture.WriteAsync(author)).GetProperty("slug").GetString();
        var bus = fixture.Services.GetRequiredService<IBus>();
        async Task<string?> DisplayNameAsync() => (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", null)).Body
            .GetProperty("article").GetProperty("author").GetProperty("displayName").GetString();

        await bus.Publish(new UserProfileUpdated(author.Id, author.Username, author.Username, "Prof. Later", "bio", null, false, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => await DisplayNameAsync() == "Prof. Later", "the update");
        // The two events travel on different queues: the registration, older, may well come second.
        var registration = Guid.NewGuid();
        await bus.Publish(new UserRegistered(author.Id, author.Username, author.Username, "", null, DateTimeOffset.UtcNow.AddMinutes(-1)), c => c.MessageId = registration);
        await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM inbox_messages WHERE message_id = $1", registration) == 1, "the registration to be handled");

        Assert.Equal("Prof. Later", await DisplayNameAsync());
    }

    [Fact]
    public async Task A_malformed_body_is_a_422()
    {
        var author = await fixture.RegisterAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles") { Content = new StringContent("{\"article\":", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Token", author.Token);

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task A_script_in_the_body_is_stored_as_written_but_never_served_as_html()
    {
        var author = await fixture.RegisterAsync();

        var article = await fixture.WriteAsync(author, body: "Hi <script>alert('x')</script><img src=x onerror=alert(1)> [me](javascript:alert(2))");
        var (_, read) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{article.GetProperty("slug").GetString()}", null);

        var html = read.GetProperty("article").GetProperty("bodyHtml").GetString()!;
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<script>", read.GetProperty("article").GetProperty("body").GetString());
    }

    [Fact]
    public async Task Comments_events_set_the_count_and_an_older_event_arriving_late_changes_nothing()
    {
        var author = await fixture.RegisterAsync();
        var slug = (await fixture.WriteAsync(author)).GetProperty("slug").GetString();
        var postId = await fixture.Database!.ScalarAsync<Guid>("SELECT id FROM articles WHERE slug = $1", slug!);
        var bus = fixture.Services.GetRequiredService<IBus>();
        async Task<int> CountAsync() =>
            (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", null)).Body.GetProperty("article").GetProperty("commentsCount").GetInt32();

        await bus.Publish(new CommentCreated(Guid.NewGuid(), postId, null, author.Id, author.Username, "Hi", true, DateTimeOffset.UtcNow, 1, 1));
        await Eventually.ReturnsAsync(CountAsync, count => count == 1, "the first comment to be counted");
        // Three more, then one hidden by moderation, then one deleted; the deletion (revision 6) arrives before the rest.
        await bus.Publish(new CommentDeleted(Guid.NewGuid(), postId, true, DateTimeOffset.UtcNow, 2, 6));
        await Eventually.ReturnsAsync(CountAsync, count => count == 2, "the newest count to be taken");
        var late = new[] { Guid.NewGuid(), Guid.NewGuid() };
        await bus.Publish(new CommentCreated(Guid.NewGuid(), postId, null, author.Id, author.Username, "Hi", true, DateTimeOffset.UtcNow, 4, 4), c => c.MessageId = late[0]);
        await bus.Publish(new CommentVisibilityChanged(Guid.NewGuid(), postId, false, DateTimeOffset.UtcNow, 3, 5), c => c.MessageId = late[1]);

        await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM inbox_messages WHERE message_id = ANY($1)", late) == late.Length, "the late events to be handled");
        Assert.Equal(2, await CountAsync());
    }

    [Fact]
    public async Task A_comment_hidden_or_shown_by_moderation_moves_the_count()
    {
        var author = await fixture.RegisterAsync();
        var slug = (await fixture.WriteAsync(author)).GetProperty("slug").GetString();
        var postId = await fixture.Database!.ScalarAsync<Guid>("SELECT id FROM articles WHERE slug = $1", slug!);
        var bus = fixture.Services.GetRequiredService<IBus>();
        var commentId = Guid.NewGuid();
        async Task<int> CountAsync() =>
            (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", null)).Body.GetProperty("article").GetProperty("commentsCount").GetInt32();

        await bus.Publish(new CommentCreated(commentId, postId, null, author.Id, author.Username, "Hi", true, DateTimeOffset.UtcNow, 1, 10));
        await bus.Publish(new CommentCreated(Guid.NewGuid(), postId, null, author.Id, author.Username, "Hello", true, DateTimeOffset.UtcNow, 2, 11));
        await Eventually.ReturnsAsync(CountAsync, count => count == 2, "both comments to be counted");

        await bus.Publish(new CommentVisibilityChanged(commentId, postId, Visible: false, DateTimeOffset.UtcNow, 1, 12));
        await Eventually.ReturnsAsync(CountAsync, count => count == 1, "the held comment to be uncounted");
        await bus.Publish(new CommentVisibilityChanged(commentId, postId, Visible: true, DateTimeOffset.UtcNow, 2, 13));
        await Eventually.ReturnsAsync(CountAsync, count => count == 2, "the approved comment to be counted again");
    }

    [Fact]
    public async Task A_writer_previews_a_body_as_it_would_be_published_and_nothing_is_stored()
    {
        var author = await fixture.RegisterAsync();

        var (status, preview) = await fixture.SendAsync(HttpMethod.Post, "/api/articles/preview", author.Token,
            new { article = new { body = "# Draft\n\n**bold** <script>alert(1)</script>" } });
        var anonymous = await fixture.SendAsync(HttpMethod.Post, "/api/articles/preview", null, new { article = new { body = "x" } });
        var tooLong = await fixture.SendAsync(HttpMethod.Post, "/api/articles/preview", author.Token, new { article = new { body = new string('x', 100_001) } });

        Assert.Equal(HttpStatusCode.OK, status);
        var html = preview.GetProperty("bodyHtml").GetString()!;
        Assert.Contains("<h1", html, StringComparison.Ordinal);
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.Status);
        Assert.Equal(0, (await fixture.SendAsync(HttpMethod.Get, $"/api/articles?author={author.Username}", null)).Body.GetProperty("articlesCount").GetInt32());
    }
}

public sealed class TextCleanupMigrationTests(DefaultPostsFixture fixture) : IClassFixture<DefaultPostsFixture>
{
    [Fact]
    public async Task The_cleanup_migration_strips_control_characters_and_keeps_line_breaks_in_multiline_text()
    {
        var migration = new Microsoft.EntityFrameworkCore.Migrations.MigrationBuilder("Npgsql.EntityFrameworkCore.PostgreSQL");
        Blog.ServiceDefaults.TextCleanupMigrations.StripControlCharacters(migration, "cleanup_probe", "line");
        Blog.ServiceDefaults.TextCleanupMigrations.StripControlCharacters(migration, "cleanup_probe", "text", multiline: true);
        Blog.ServiceDefaults.TextCleanupMigrations.StripControlCharactersFromArray(migration, "cleanup_probe", "tags");
        await fixture.Database!.ScalarAsync<long>("CREATE TABLE cleanup_probe (line text, text text, tags text[])");
        await fixture.Database!.ScalarAsync<long>("INSERT INTO cleanup_probe VALUES ('a' || chr(1) || 'b' || chr(10) || 'c', " +
            "'x' || chr(7) || chr(10) || 'y' || chr(9) || 'z' || chr(127), ARRAY['t' || chr(31), 'ok'])");

        foreach (var operation in migration.Operations.Cast<Microsoft.EntityFrameworkCore.Migrations.Operations.SqlOperation>())
            await fixture.Database!.ScalarAsync<long>(operation.Sql);

        Assert.Equal("abc", await fixture.Database!.ScalarAsync<string>("SELECT line FROM cleanup_probe"));
        Assert.Equal("x\ny\tz", await fixture.Database!.ScalarAsync<string>("SELECT text FROM cleanup_probe"));
        Assert.Equal("t,ok", await fixture.Database!.ScalarAsync<string>("SELECT array_to_string(tags, ',') FROM cleanup_probe"));
    }
}
