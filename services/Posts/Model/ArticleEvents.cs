using Blog.Contracts;

namespace Blog.Posts.Model;

/// <summary>
/// The integration events an article raises, built from its current state (its author and category
/// loaded); `url` is where the site shows it.
/// </summary>
public static class ArticleEvents
{
    public static PostPublished Published(Article article, string url) =>
        new(article.Id, article.Slug, article.Title, article.Author!.Username, article.Category?.Name, article.Tags,
            article.PublishedAt!.Value, article.Description, url, article.AuthorId);

    public static PostUpdated Updated(Article article, string url) =>
        new(article.Id, article.Slug, article.Title, article.Description, article.Author!.Username, article.Category?.Name, article.Tags,
            article.UpdatedAt, url, article.AuthorId);

    public static PostUnpublished Unpublished(Article article, DateTimeOffset at) => new(article.Id, article.Slug, at);

    public static PostDeleted Deleted(Article article, DateTimeOffset at) => new(article.Id, article.Slug, at);
}
