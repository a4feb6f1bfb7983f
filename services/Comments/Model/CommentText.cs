using System.Text;
using System.Text.RegularExpressions;
using Markdig.Extensions.Emoji;

namespace Blog.Comments.Model;

/// <summary>
/// Comments are plain text, stored as typed. Shown as HTML: everything escaped, web addresses made
/// links (`rel="nofollow ugc"`), line breaks kept, emoji kept, and `:shortcodes:` and free-standing
/// smileys such as `:)` turned into emoji (Markdig's table, the old "facelist").
/// </summary>
public static partial class CommentText
{
    public const int MaxLength = 5000;

    static readonly IDictionary<string, string> Shortcodes = EmojiMapping.GetDefaultEmojiShortcodeToUnicode();
    static readonly IDictionary<string, string> Smileys = EmojiMapping.GetDefaultSmileyToEmojiShortcode();

    [GeneratedRegex(@"(?<url>\bhttps?://[^\s<>""]+|\bwww\.[^\s<>""]+\.[^\s<>""]+)|(?<code>:[a-z0-9_+\-]+:)|(?<=^|\s)(?<word>\S{2,4})(?=$|\s)|(?<newline>\r?\n)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Tokens();

    /// <summary>Why a body cannot be stored, or null (the platform's rule for text: `TextRules`).</summary>
    public static string? Problem(string body) =>
        Blog.ServiceDefaults.Api.TextRules.HasControlCharacters(body, multiline: true) ? Blog.ServiceDefaults.Api.TextRules.ControlCharactersMessage : null;

    /// <summary>
    /// A note from the fediverse as a comment's text: trimmed and clipped to the longest comment allowed (with
    /// "…": it was written elsewhere, so it is kept rather than refused), or null when it cannot be one.
    /// </summary>
    public static string? FromNote(string note)
    {
        var text = note.Trim();
        if (text.Length > MaxLength) text = text[..(MaxLength - 1)].TrimEnd() + "…";
        return text.Length == 0 || Problem(text) is not null ? null : text;
    }

    public static string ToHtml(string body)
    {
        var html = new StringBuilder(body.Length + 32);
        var last = 0;
        foreach (Match token in Tokens().Matches(body))
        {
            var replacement = Render(token, out var consumed);
            if (replacement is null) continue;
            Encode(html, body.AsSpan(last, token.Index - last));
            html.Append(replacement);
            last = token.Index + consumed;
        }
        Encode(html, body.AsSpan(last));
        return html.ToString();
    }

    static string? Render(Match token, out int consumed)
    {
        consumed = token.Length;
        if (token.Groups["newline"].Success) return "<br>";
        if (token.Groups["url"].Success)
        {
            var url = TrimTrailingPunctuation(token.Value);
            consumed = url.Length;
            var href = url.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? "https://" + url : url;
            return $"<a href=\"{Encode(href)}\" rel=\"nofollow ugc noopener\">{Encode(url)}</a>";
        }
        if (token.Groups["code"].Success) return Shortcodes.TryGetValue(token.Value, out var emoji) ? emoji : null;
        return Smileys.TryGetValue(token.Value, out var code) && Shortcodes.TryGetValue(code, out var smiley) ? smiley : null;
    }

    /// <summary>"See https://example.com/a." links to ".../a"; a closing parenthesis stays only when the address opened one.</summary>
    static string TrimTrailingPunctuation(string url)
    {
        while (url.Length > 0)
        {
            var end = url[^1];
            if (".,;:!?'\"".Contains(end, StringComparison.Ordinal) ||
                (end == ')' && url.Count(c => c == ')') > url.Count(c => c == '(')))
            {
                url = url[..^1];
                continue;
            }
            return url;
        }
        return url;
    }

    static string Encode(string text) => Encode(new StringBuilder(text.Length), text).ToString();

    static StringBuilder Encode(StringBuilder html, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': html.Append("&amp;"); break;
                case '<': html.Append("&lt;"); break;
                case '>': html.Append("&gt;"); break;
                case '"': html.Append("&quot;"); break;
                case '\'': html.Append("&#39;"); break;
                default: html.Append(c); break;
            }
        }
        return html;
    }
}
