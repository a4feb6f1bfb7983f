using System.ServiceModel.Syndication;
using System.Xml;
using Blog.Posts.Infrastructure;
using Blog.Posts.Model;
using Microsoft.EntityFrameworkCore;

namespace Blog.Posts.Apis;

/// <summary>
/// RSS 2.0 of the latest published posts: `/feed.xml`, `/feed.xml?author=jake`, `/feed.xml?category=news`, `/feed.xml?tag=dotnet`.
/// </summary>
public static class FeedApi
{
    public static IEndpointRouteBuilder MapFeedApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/feed.xml", GetFeed).WithTags("Feed").WithSummary("RSS 2.0 feed of the latest posts (optionally by `author`, `category` or `tag`)");
        return app;
    }

    static async Task<IResult> GetFeed(PostsDbContext db, SiteLinks links, CancellationToken cancellationToken, string? author = null, string? category = null, string? tag = null)
    {
        var site = links.Home;
        var query = db.Articles.AsNoTracking().Include(a => a.Author).Include(a => a.Category).Where(a => a.Status == ArticleStatus.Published);
        if (!string.IsNullOrWhiteSpace(author)) query = query.Where(a => a.Author!.Username == author);
        if (!string.IsNullOrWhiteSpace(category)) query = query.Where(a => a.Category!.Slug == category);
        if (!string.IsNullOrWhiteSpace(tag)) query = query.Where(a => a.Tags.Contains(tag));
        var latest = await query.OrderByDescending(a => a.PublishedAt).Take(20).ToListAsync(cancellationToken);

        var title = (author, category, tag) switch
        {
            ({ } name, _, _) => $"Blog: posts by {name}",
            (_, { } slug, _) => $"Blog: {slug}",
            (_, _, { } tagged) => $"Blog: tagged {tagged}",
            _ => "Blog",
        };
        var feed = new SyndicationFeed(title, "The latest posts", new Uri(site))
        {
            Items = latest.Select(a =>
            {
                var item = new SyndicationItem(a.Title, SyndicationContent.CreateHtmlContent(a.BodyHtml), new Uri(links.Article(a.Slug)), a.Id.ToString(), a.UpdatedAt)
                {
                    PublishDate = a.PublishedAt!.Value,
                    Summary = new TextSyndicationContent(a.Description),
                };
                item.Authors.Add(new SyndicationPerson { Name = a.Author!.DisplayName });
                if (a.Category is not null) item.Categories.Add(new SyndicationCategory(a.Category.Name));
                foreach (var tag in a.Tags) item.Categories.Add(new SyndicationCategory(tag));
                return item;
            }).ToList(),
            LastUpdatedTime = latest.Count > 0 ? latest.Max(a => a.UpdatedAt) : DateTimeOffset.UnixEpoch,
        };

        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Async = true, Encoding = new System.Text.UTF8Encoding(false) }))
        {
            new Rss20FeedFormatter(feed).WriteTo(writer);
        }
        return Results.Bytes(buffer.ToArray(), "application/rss+xml; charset=utf-8");
    }
}
