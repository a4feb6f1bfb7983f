using System.Text.RegularExpressions;

namespace Blog.Notifications.Model;

/// <summary>`@username` in a comment: Identity's username rule after an `@` that does not follow a letter, digit or `@` (so not an email).</summary>
public static partial class Mentions
{
    /// <summary>At most this many accounts hear of one comment's mentions: a comment naming a crowd is no way to reach it.</summary>
    public const int MaxPerComment = 10;

    [GeneratedRegex(@"(?<![\p{L}\p{N}_.@-])@([\p{L}\p{N}][\p{L}\p{N}._-]{2,31})")]
    private static partial Regex Mention();

    /// <summary>The usernames named, upper-cased, each once, in order, at most `MaxPerComment`; a trailing dot is punctuation.</summary>
    public static IReadOnlyList<string> In(string text) =>
        [.. Mention().Matches(text).Select(m => m.Groups[1].Value.TrimEnd('.').ToUpperInvariant()).Distinct().Take(MaxPerComment)];
}
