namespace Blog.Posts.Model;

/// <summary>
/// A post's words as one save left them: who saved, when, and the title, summary, body and tags. Every
/// save that changes them adds one (a restore too); the oldest beyond `Revisions:Keep` are dropped.
/// </summary>
public sealed class ArticleRevision
{
    public Guid Id { get; set; }
    public Guid ArticleId { get; set; }
    /// <summary>1 for the first version of the post, counting up with each save.</summary>
    public int Number { get; set; }
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public string Body { get; set; } = "";
    public List<string> Tags { get; set; } = [];
    public Guid EditorId { get; set; }
    public string EditorUsername { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The number of the revision this one restored, if it is a restore.</summary>
    public int? RestoredFrom { get; set; }

    /// <summary>Whether the article's words differ from this revision's (a save that changes none of them adds no revision).</summary>
    public bool DiffersFrom(Article article) =>
        Title != article.Title || Description != article.Description || Body != article.Body || !Tags.SequenceEqual(article.Tags);

    public static ArticleRevision Of(Article article, int number, Guid editorId, string editorUsername, DateTimeOffset at, int? restoredFrom = null) => new()
    {
        Id = Guid.CreateVersion7(),
        ArticleId = article.Id,
        Number = number,
        Title = article.Title,
        Description = article.Description,
        Body = article.Body,
        Tags = [.. article.Tags],
        EditorId = editorId,
        EditorUsername = editorUsername,
        CreatedAt = at,
        RestoredFrom = restoredFrom,
    };
}
