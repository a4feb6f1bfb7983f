using System.Globalization;
using System.Text;
using Blog.ServiceDefaults.Api;

namespace Blog.Posts.Model;

/// <summary>Limits and normalisation of what a post may hold.</summary>
public static class ArticleRules
{
    public const int TitleMax = 200, DescriptionMax = 500, BodyMax = 100_000, TagMax = 40, TagsMax = 10;
    public const int SlugMax = 120;

    public static void CheckTitle(string? title, ValidationErrors errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(title)) { if (required || title is not null) errors.Add("title", "can't be blank"); }
        else if (title.Trim().Length > TitleMax) errors.Add("title", $"is too long (maximum is {TitleMax} characters)");
        else TextRules.Check(title, "title", errors);
    }

    public static void CheckBody(string? body, ValidationErrors errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(body)) { if (required || body is not null) errors.Add("body", "can't be blank"); }
        else if (body.Length > BodyMax) errors.Add("body", $"is too long (maximum is {BodyMax} characters)");
        else TextRules.Check(body, "body", errors, multiline: true);
    }

    public static void CheckDescription(string? description, ValidationErrors errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(description)) { if (required) errors.Add("description", "can't be blank"); }
        else if (description.Trim().Length > DescriptionMax) errors.Add("description", $"is too long (maximum is {DescriptionMax} characters)");
        else TextRules.Check(description, "description", errors);
    }

    /// <summary>A named `tagList` must be a list (it may be empty); an absent one means none, or no change.</summary>
    public static void CheckTagList(IEnumerable<string?>? tags, bool named, ValidationErrors errors)
    {
        if (named && tags is null) errors.Add("tagList", "must be a list of tags (it may be empty)");
    }

    /// <summary>Trimmed, case-folded, de-duplicated, in the order given; empty ones dropped.</summary>
    public static List<string> NormalizeTags(IEnumerable<string?>? tags, ValidationErrors errors)
    {
        var normalized = (tags ?? []).Where(t => !string.IsNullOrWhiteSpace(t))
            .Select(t => t!.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        if (normalized.Count > TagsMax) errors.Add("tagList", $"has too many tags (maximum is {TagsMax})");
        if (normalized.Any(t => t.Length > TagMax)) errors.Add("tagList", $"has a tag that is too long (maximum is {TagMax} characters)");
        if (normalized.Any(t => TextRules.HasControlCharacters(t))) errors.Add("tagList", $"has a tag that {TextRules.ControlCharactersMessage}");
        return normalized;
    }

    /// <summary>How far ahead a post may be scheduled.</summary>
    public static readonly TimeSpan ScheduleHorizon = TimeSpan.FromDays(5 * 366);

    /// <summary>
    /// The status a save leaves a post in, and its publication time: `scheduled` needs a `publishAt` in the
    /// future (given, or the one a scheduled post already has); `publishAt` is for scheduled posts only; a
    /// published post is unpublished (made a draft) before it can be scheduled again.
    /// </summary>
    public static DateTimeOffset? CheckSchedule(ArticleStatus? current, ArticleStatus next, string? publishAt, DateTimeOffset? scheduledAt,
        DateTimeOffset now, ValidationErrors errors)
    {
        // The time given, else the one the post is already scheduled for; null when the given one is unreadable.
        var at = scheduledAt;
        if (publishAt is not null)
        {
            var readable = DateTimeOffset.TryParse(publishAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed);
            if (!readable) errors.Add("publishAt", "must be a date and time in ISO 8601 (2027-01-31T08:00:00Z)");
            at = readable ? parsed : null;
        }
        if (next != ArticleStatus.Scheduled)
        {
            if (publishAt is not null) errors.Add("publishAt", "is only for a post with status scheduled");
            return null;
        }
        if (current == ArticleStatus.Published) errors.Add("status", "a published post can't be scheduled: save it as a draft first");
        if (at is null && publishAt is null) errors.Add("publishAt", "is needed to schedule a post");
        else if (at is { } when && when <= now) errors.Add("publishAt", "must be in the future");
        else if (at is { } late && late > now + ScheduleHorizon) errors.Add("publishAt", "is too far ahead (at most five years)");
        return at;
    }

    /// <summary>A new slug for a title: readable, and unique by a random suffix (an old slug keeps leading to its post).</summary>
    public static string NewSlug(string title) => $"{Slugify(title)}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>"How to Cook Ça Va!" → "how-to-cook-ca-va": lower-case ASCII letters and digits joined by dashes.</summary>
    public static string Slugify(string title)
    {
        var decomposed = title.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var dash = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
                dash = false;
            }
            else if (!dash && builder.Length > 0)
            {
                builder.Append('-');
                dash = true;
            }
        }
        var slug = builder.ToString().Trim('-');
        if (slug.Length > SlugMax - 8) slug = slug[..(SlugMax - 8)].Trim('-');
        return slug.Length == 0 ? "post" : slug;
    }
}

/// <summary>
/// `sort=popular` ranks by a score of views, reactions and comments that decays with age, as
/// Hacker News does: (views + 3 × reactions + 5 × comments) / (hours since publication + 2)^1.5.
/// A comment weighs more than a reaction, which weighs more than a view, because each costs the
/// reader more; the decay lets a new post with some attention outrank an old one with a lot.
/// </summary>
public static class PopularityScore
{
    public const double ReactionWeight = 3, CommentWeight = 5, Gravity = 1.5, AgeOffsetHours = 2;

    public static double Of(long views, int reactions, int comments, double ageHours) =>
        (views + ReactionWeight * reactions + CommentWeight * comments) / Math.Pow(Math.Max(0, ageHours) + AgeOffsetHours, Gravity);
}
