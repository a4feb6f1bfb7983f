using Blog.ServiceDefaults.Api;

namespace Blog.Moderation.Model;

public enum WordAction { Hold, Reject }

public sealed record BlockedWord(string Word, WordAction Action);

/// <summary>
/// The automatic rules, one row, edited by admins. Defaults follow WordPress's comment moderation
/// (hold a comment with more than 2 links) and Discourse's flags (3 distinct reporters hide a post).
/// </summary>
public sealed class ModerationRules
{
    public const int SingletonId = 1;
    public const int WordsMax = 500, WordLengthMax = 60;

    public int Id { get; set; } = SingletonId;
    /// <summary>More links than this holds a comment.</summary>
    public int MaxLinks { get; set; } = 2;
    public List<BlockedWord> BlockedWords { get; set; } = [];
    /// <summary>More comments than this from one account within a minute holds the next ones.</summary>
    public int FloodPerMinute { get; set; } = 5;
    /// <summary>An account younger than this many hours that posts a link is held (0 turns the rule off).</summary>
    public int NewAccountHours { get; set; } = 24;
    /// <summary>The same text from one account more than this many times within a day is rejected as spam.</summary>
    public int MaxCopies { get; set; } = 2;
    /// <summary>Reports from this many distinct readers hold a comment until a moderator decides.</summary>
    public int ReportThreshold { get; set; } = 3;
    /// <summary>
    /// Only readers whose accounts are at least this many hours old count towards the threshold (0: every
    /// reader), so a handful of fresh accounts cannot hide a comment; their reports still queue it.
    /// </summary>
    public int ReporterAccountHours { get; set; } = 24;
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";

    /// <summary>What is wrong with these rules, by field (none: they can be saved).</summary>
    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        if (MaxLinks < 0) errors.Add("maxLinks", "must be 0 or more");
        if (FloodPerMinute < 1) errors.Add("floodPerMinute", "must be 1 or more");
        if (NewAccountHours is < 0 or > 24 * 365) errors.Add("newAccountHours", "must be from 0 to 8760");
        if (MaxCopies < 1) errors.Add("maxCopies", "must be 1 or more");
        if (ReportThreshold < 1) errors.Add("reportThreshold", "must be 1 or more");
        if (ReporterAccountHours is < 0 or > 24 * 365) errors.Add("reporterAccountHours", "must be from 0 to 8760");
        if (BlockedWords.Count > WordsMax) errors.Add("blockedWords", $"can hold at most {WordsMax} words");
        foreach (var word in BlockedWords)
        {
            var text = TextNormalizer.Normalize(word.Word ?? "").Trim();
            if (text.Length == 0) errors.Add("blockedWords", "can't contain an empty word");
            else if (text.Length > WordLengthMax) errors.Add("blockedWords", $"can't contain a word longer than {WordLengthMax} characters");
            else if (TextRules.HasControlCharacters(word.Word)) errors.Add("blockedWords", $"can't contain a word that {TextRules.ControlCharactersMessage}");
        }
        return errors;
    }
}
