using System.Text.RegularExpressions;

namespace Blog.Moderation.Model;

public enum VerdictKind { None, Hold, Reject }

/// <summary>What the rules concluded and why ("more than 2 links", "blocked word: viagra").</summary>
public sealed record RuleVerdict(VerdictKind Kind, IReadOnlyList<string> Reasons)
{
    public static readonly RuleVerdict Clean = new(VerdictKind.None, []);
    public string Reason => string.Join("; ", Reasons);
}

/// <summary>
/// What the rules look at besides the text: the author's account age (null when Moderation has not
/// heard of the account yet, which counts as new), and how many comments the author wrote in the
/// last minute and how often the same text in the last day, this one included.
/// </summary>
public sealed record CommentFacts(string Body, TimeSpan? AccountAge, int CommentsLastMinute, int CopiesLastDay);

public static partial class RuleEngine
{
    [GeneratedRegex(@"https?://|www\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkStart();

    public static int CountLinks(string body) => LinkStart().Count(body);

    /// <summary>Rejecting rules win over holding ones; every rule that fired is named.</summary>
    public static RuleVerdict Evaluate(CommentFacts facts, ModerationRules rules, bool contentOnly = false)
    {
        var rejects = new List<string>();
        var holds = new List<string>();
        var normalized = TextNormalizer.Normalize(facts.Body);
        foreach (var blocked in rules.BlockedWords)
        {
            if (!ContainsWord(normalized, TextNormalizer.Normalize(blocked.Word).Trim())) continue;
            (blocked.Action == WordAction.Reject ? rejects : holds).Add($"blocked word: {blocked.Word}");
        }

        var links = CountLinks(facts.Body);
        if (links > rules.MaxLinks) holds.Add($"more than {rules.MaxLinks} links");
        if (links > 0 && rules.NewAccountHours > 0 && (facts.AccountAge is null || facts.AccountAge < TimeSpan.FromHours(rules.NewAccountHours)))
        {
            holds.Add($"a link from an account younger than {rules.NewAccountHours} hours");
        }
        if (!contentOnly)
        {
            if (facts.CommentsLastMinute > rules.FloodPerMinute) holds.Add($"more than {rules.FloodPerMinute} comments in a minute");
            if (facts.CopiesLastDay > rules.MaxCopies) rejects.Add($"the same text posted more than {rules.MaxCopies} times in a day");
        }

        if (rejects.Count > 0) return new RuleVerdict(VerdictKind.Reject, [.. rejects, .. holds]);
        return holds.Count > 0 ? new RuleVerdict(VerdictKind.Hold, holds) : RuleVerdict.Clean;
    }

    /// <summary>Whole words only: "class" does not contain "ass".</summary>
    public static bool ContainsWord(string text, string word)
    {
        if (word.Length == 0) return false;
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            var end = at + word.Length;
            var startsWord = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var endsWord = end == text.Length || !char.IsLetterOrDigit(text[end]);
            if (startsWord && endsWord) return true;
        }
        return false;
    }

    /// <summary>The key under which copies of one text are counted: normalized, with runs of spaces collapsed.</summary>
    public static string CopyKey(string body) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join(' ', TextNormalizer.Normalize(body).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))));
}
