using Blog.Contracts;

namespace Blog.Webhooks.Model;

/// <summary>The public events an endpoint can subscribe to, by their webhook names (Ghost's style).</summary>
public static class WebhookEvents
{
    public const string PostPublished = "post.published";
    public const string PostUpdated = "post.updated";
    public const string PostUnpublished = "post.unpublished";
    public const string PostDeleted = "post.deleted";
    public const string CommentCreated = "comment.created";
    public const string UserRegistered = "user.registered";
    public const string UserDeleted = "user.deleted";

    static readonly Dictionary<Type, string> NamesByType = new()
    {
        [typeof(Contracts.PostPublished)] = PostPublished,
        [typeof(Contracts.PostUpdated)] = PostUpdated,
        [typeof(Contracts.PostUnpublished)] = PostUnpublished,
        [typeof(Contracts.PostDeleted)] = PostDeleted,
        [typeof(Contracts.CommentCreated)] = CommentCreated,
        [typeof(Contracts.UserRegistered)] = UserRegistered,
        [typeof(Contracts.UserDeleted)] = UserDeleted,
    };

    public static IReadOnlyCollection<string> All { get; } = NamesByType.Values.ToArray();

    public static string NameOf<TEvent>() => NamesByType[typeof(TEvent)];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
