using Blog.Posts.Infrastructure;
using Blog.Posts.Model;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Views;
using Microsoft.EntityFrameworkCore;

namespace Blog.Posts.Apis;

/// <summary>
/// Turns articles into responses for one reader: whether they follow each author, their own
/// reactions, and the live view count (persisted + pending in Redis), in a few queries per page.
/// </summary>
public sealed class ArticleResponses(PostsDbContext db, ViewCounter views)
{
    public async Task<List<ArticleResponse>> ForAsync(IReadOnlyList<Article> articles, Guid? reader, bool withBody, CancellationToken cancellationToken,
        IReadOnlyDictionary<Guid, long>? pendingViews = null, IReadOnlyDictionary<Guid, string>? snippets = null)
    {
        var ids = articles.Select(a => a.Id).ToList();
        var authorIds = articles.Select(a => a.AuthorId).Distinct().ToList();
        var (followed, mine) = reader is { } me ? await ReaderFactsAsync(me, ids, authorIds, cancellationToken) : ([], NoReactions);
        var pending = pendingViews ?? await views.PendingAsync(ids);

        return articles.Select(a => new ArticleResponse(
            a.Id, a.Slug, a.Title, a.Description,
            withBody ? a.Body : null,
            withBody ? a.BodyHtml : null,
            a.Tags, a.CreatedAt, a.UpdatedAt,
            Favorited: mine[a.Id].Contains(ReactionKinds.Like),
            FavoritesCount: a.LikesCount,
            new AuthorResponse(a.Author!.Username, RealWorldFields.OrNull(a.Author.Bio), RealWorldFields.OrNull(a.Author.Image), followed.Contains(a.AuthorId), a.Author.DisplayName),
            a.Category is null ? null : new CategoryResponse(a.Category.Slug, a.Category.Name),
            ArticleStatuses.Name(a.Status), a.PublishedAt, a.PublishAt,
            a.ViewsCount + pending.GetValueOrDefault(a.Id),
            a.CommentsCount, a.Popularity,
            new ReactionCounts(a.LikesCount, a.HandshakesCount),
            mine[a.Id].ToList(),
            a.IsTakenDown ? new TakedownResponse(a.TakedownReason!, a.TakenDownBy!, a.TakenDownAt!.Value) : null,
            snippets?.GetValueOrDefault(a.Id))).ToList();
    }

    static readonly ILookup<Guid, string> NoReactions = Array.Empty<(Guid, string)>().ToLookup(f => f.Item1, f => f.Item2);

    /// <summary>The kind of row that says the reader follows an author, beside their reactions (never a reaction's kind).</summary>
    const string Follows = "";

    /// <summary>Which of the authors the reader follows and their reactions to the articles, in one round trip.</summary>
    async Task<(HashSet<Guid> Followed, ILookup<Guid, string> Reactions)> ReaderFactsAsync(Guid reader, List<Guid> articleIds, List<Guid> authorIds,
        CancellationToken cancellationToken)
    {
        var facts = await db.Reactions.Where(r => r.UserId == reader && articleIds.Contains(r.ArticleId)).Select(r => new { Id = r.ArticleId, r.Kind })
            .Concat(db.AuthorFollows.Where(f => f.FollowerId == reader && authorIds.Contains(f.FolloweeId)).Select(f => new { Id = f.FolloweeId, Kind = Follows }))
            .ToListAsync(cancellationToken);
        return (facts.Where(f => f.Kind == Follows).Select(f => f.Id).ToHashSet(),
            facts.Where(f => f.Kind != Follows).ToLookup(f => f.Id, f => f.Kind));
    }

    public async Task<ArticleResponse> ForAsync(Article article, Guid? reader, CancellationToken cancellationToken, long? pendingViews = null) =>
        (await ForAsync([article], reader, withBody: true, cancellationToken,
            pendingViews is { } pending ? new Dictionary<Guid, long> { [article.Id] = pending } : null))[0];
}
