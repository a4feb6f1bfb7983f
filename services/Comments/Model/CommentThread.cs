namespace Blog.Comments.Model;

/// <summary>
/// How a comment appears in a thread: in full, or as a placeholder that keeps its replies in place
/// (deleted, or hidden by moderation from this reader).
/// </summary>
public enum ShownAs { Full, Placeholder }

public sealed record ThreadEntry(Comment Comment, ShownAs ShownAs, int RepliesCount);

/// <summary>
/// One page of a post's thread: each reply right under its parent, siblings oldest first.
/// Pages count top-level comments, so a reply never lands on another page than its parent.
/// </summary>
public sealed record ThreadPage(IReadOnlyList<ThreadEntry> Entries, int VisibleCount, int ThreadsCount);

public static class CommentThread
{
    /// <summary>
    /// What `viewer` (null when signed out) sees of a post's comments. Visible comments show in full;
    /// the viewer's own held or rejected comments show in full, marked by their status; a deleted or
    /// hidden comment with something shown beneath it becomes a placeholder; anything else is left out.
    /// </summary>
    public static ThreadPage Page(IReadOnlyCollection<Comment> comments, Guid? viewer, int skip, int take)
    {
        var children = comments.ToLookup(c => c.ParentId);
        var shown = new Dictionary<Guid, ShownAs>();
        var replies = new Dictionary<Guid, int>();

        // Decides children before parents: a placeholder exists only for the sake of what it holds up.
        bool Decide(Comment comment)
        {
            var shownReplies = 0;
            foreach (var child in children[comment.Id])
            {
                if (Decide(child)) shownReplies++;
            }
            replies[comment.Id] = shownReplies;
            if (comment.IsShownInFullTo(viewer)) shown[comment.Id] = ShownAs.Full;
            else if (shownReplies > 0) shown[comment.Id] = ShownAs.Placeholder;
            return shown.ContainsKey(comment.Id);
        }

        var roots = Oldest(children[null]).Where(Decide).ToList();
        var entries = new List<ThreadEntry>();
        void Visit(Comment comment)
        {
            entries.Add(new ThreadEntry(comment, shown[comment.Id], replies[comment.Id]));
            foreach (var child in Oldest(children[comment.Id]).Where(c => shown.ContainsKey(c.Id))) Visit(child);
        }
        foreach (var root in roots.Skip(skip).Take(take)) Visit(root);

        return new ThreadPage(entries, comments.Count(c => c.Status == CommentStatus.Visible), roots.Count);
    }

    static IOrderedEnumerable<Comment> Oldest(IEnumerable<Comment> comments) =>
        comments.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id);
}
