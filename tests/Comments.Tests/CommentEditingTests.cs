using System.Net;
using System.Net.Http.Json;
using Blog.Contracts;
using Blog.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Comments.Tests;

public sealed class CommentEditingTests(CommentsFixture fixture) : IClassFixture<CommentsFixture>
{
    [Fact]
    public async Task The_author_edits_within_the_window_and_Moderation_hears_of_the_new_text()
    {
        await using var edits = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(CommentEdited));
        var author = await fixture.RegisterAsync();
        var stranger = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);
        var id = (await fixture.CommentAsync(slug, author, "Teh first")).GetProperty("id").GetInt64();

        var byStranger = await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}/comments/{id}", stranger.Token, new { comment = new { body = "Mine now" } });
        var (status, edited) = await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}/comments/{id}", author.Token, new { comment = new { body = "The first :smile:" } });

        Assert.Equal(HttpStatusCode.Forbidden, byStranger.Status);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("The first :smile:", edited.GetProperty("comment").GetProperty("body").GetString());
        Assert.Equal("The first 😄", edited.GetProperty("comment").GetProperty("bodyHtml").GetString());
        Assert.True(edited.GetProperty("comment").GetProperty("edited").GetBoolean());
        var thread = await fixture.ThreadAsync(slug);
        Assert.Equal("The first :smile:", thread.GetProperty("comments")[0].GetProperty("body").GetString());
        var message = await edits.WaitForAsync(m => m.GetProperty("commentNumber").GetInt64() == id, "CommentEdited");
        Assert.Equal("The first :smile:", message.GetProperty("body").GetString());
    }

    [Fact]
    public async Task After_the_edit_window_the_comment_is_final()
    {
        var author = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);
        var id = (await fixture.CommentAsync(slug, author, "Written long ago")).GetProperty("id").GetInt64();
        await using (var connection = new Npgsql.NpgsqlConnection(fixture.Database!.ConnectionString))
        {
            await connection.OpenAsync();
            await using var age = new Npgsql.NpgsqlCommand("UPDATE comments SET created_at = created_at - interval '16 minutes' WHERE number = $1", connection);
            age.Parameters.Add(new Npgsql.NpgsqlParameter { Value = id });
            Assert.Equal(1, await age.ExecuteNonQueryAsync());
        }

        var (status, problem) = await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}/comments/{id}", author.Token, new { comment = new { body = "Rewritten" } });

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("15 minutes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Written long ago", (await fixture.ThreadAsync(slug)).GetProperty("comments")[0].GetProperty("body").GetString());
    }

    [Fact]
    public async Task Bad_edits_are_refused_and_change_nothing()
    {
        var author = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);
        var id = (await fixture.CommentAsync(slug, author, "Original")).GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}/comments/{id}", author.Token, new { comment = new { body = " " } })).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}/comments/{id}", author.Token, new { comment = new { body = "nul\0" } })).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}/comments/{id}", author.Token, new { })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}/comments/{long.MaxValue}", author.Token, new { comment = new { body = "x" } })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}/comments/{id}", null, new { comment = new { body = "x" } })).Status);
        Assert.Equal("Original", (await fixture.ThreadAsync(slug)).GetProperty("comments")[0].GetProperty("body").GetString());
    }

    [Fact]
    public async Task Links_in_a_comment_are_clickable_and_markup_is_shown_as_text()
    {
        var author = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);
        var comment = await fixture.CommentAsync(slug, author, "<b>Read</b> https://example.com");

        Assert.Equal("&lt;b&gt;Read&lt;/b&gt; <a href=\"https://example.com\" rel=\"nofollow ugc noopener\">https://example.com</a>",
            comment.GetProperty("bodyHtml").GetString());
    }

    [Fact]
    public async Task Writing_faster_than_the_limit_gets_429_with_Retry_After_and_stores_nothing()
    {
        var author = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);
        for (var i = 0; i < CommentsFixture.WritesPerMinute; i++) await fixture.CommentAsync(slug, author, $"comment {i}");

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/articles/{slug}/comments")
        {
            Content = JsonContent.Create(new { comment = new { body = "one too many" } }),
        };
        request.Headers.Authorization = new("Token", author.Token);
        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(CommentsFixture.WritesPerMinute, (await fixture.ThreadAsync(slug)).GetProperty("commentsCount").GetInt32());
        var other = await fixture.RegisterAsync();
        await fixture.CommentAsync(slug, other, "Others still may");
    }

    [Fact]
    public async Task Comments_show_the_authors_display_name_and_follow_a_rename()
    {
        var author = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);
        await fixture.CommentAsync(slug, author, "Hello");
        var renamed = $"renamed{Guid.NewGuid():N}"[..20];

        await fixture.Services.GetRequiredService<IBus>().Publish(new UserProfileUpdated(author.Id, renamed, author.Username, "Professor Plum",
            "Professor of Warren Wilson College in the US.", "https://example.com/plum.png", false, DateTimeOffset.UtcNow));

        var commentAuthor = await Eventually.ReturnsAsync(async () => (await fixture.ThreadAsync(slug)).GetProperty("comments")[0].GetProperty("author"),
            a => a.GetProperty("username").GetString() == renamed, "the rename to reach Comments");
        Assert.Equal("Professor Plum", commentAuthor.GetProperty("displayName").GetString());
        Assert.Equal("https://example.com/plum.png", commentAuthor.GetProperty("image").GetString());
        var (_, recent) = await fixture.SendAsync(HttpMethod.Get, $"/api/comments/recent?author={renamed}", null);
        Assert.Equal("Hello", recent.GetProperty("comments")[0].GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_profile_event_older_than_the_one_applied_changes_nothing()
    {
        var author = await fixture.RegisterAsync();
        var slug = await fixture.PublishedPostAsync(author);
        await fixture.CommentAsync(slug, author, "Hello");
        var renamed = $"renamed{Guid.NewGuid():N}"[..20];
        var bus = fixture.Services.GetRequiredService<IBus>();
        await bus.Publish(new UserProfileUpdated(author.Id, renamed, author.Username, "Professor Plum", "", null, false, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await fixture.ThreadAsync(slug)).GetProperty("comments")[0].GetProperty("author")
            .GetProperty("username").GetString() == renamed, "the rename to reach Comments");

        // Published earlier (the events travel on separate queues), handled later: an update and the registration.
        var stale = new[] { Guid.NewGuid(), Guid.NewGuid() };
        await bus.Publish(new UserProfileUpdated(author.Id, "stalename", author.Username, "Mr Stale", "", null, false, DateTimeOffset.UtcNow.AddMinutes(-1)),
            c => c.MessageId = stale[0]);
        await bus.Publish(new UserRegistered(author.Id, author.Username, "First Name", "", null, DateTimeOffset.UtcNow.AddMinutes(-2)), c => c.MessageId = stale[1]);
        await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM inbox_messages WHERE message_id = ANY($1)", stale) == 2, "the stale events to be handled");

        var commentAuthor = (await fixture.ThreadAsync(slug)).GetProperty("comments")[0].GetProperty("author");
        Assert.Equal(renamed, commentAuthor.GetProperty("username").GetString());
        Assert.Equal("Professor Plum", commentAuthor.GetProperty("displayName").GetString());
    }
}
