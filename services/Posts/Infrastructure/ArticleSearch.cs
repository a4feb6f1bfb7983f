using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Blog.Posts.Infrastructure;

/// <summary>
/// Full-text search that reads Chinese, Japanese and Korean as well as English. PostgreSQL's parsers
/// see a run of CJK characters as one word (no segmenter is packaged here), so the search vector also
/// holds every CJK run as overlapping bigrams ("中国经济" → 中国 国经 经济) and single characters, made by
/// the database function `cjk_grams`; a query's CJK runs become the phrase of their bigrams, so a
/// two-character word, a four-character idiom or a mixed English and Chinese query each find the posts
/// that contain them. English words keep PostgreSQL's English stemming. Title matches weigh most (A),
/// then the summary (B), then the body.
/// </summary>
public static partial class ArticleSearch
{
    /// <summary>The characters indexed as bigrams: kana, CJK ideographs (with extensions and compatibility forms), Hangul syllables.</summary>
    const string CjkClass = @"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af";

    /// <summary>The database function that turns a text's CJK runs into bigrams, then its CJK characters, separated by spaces.</summary>
    public const string GramsFunction = $$"""
        CREATE OR REPLACE FUNCTION cjk_grams(input text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
          SELECT coalesce((
            SELECT string_agg(substr(r.m[1], i, 2), ' ' ORDER BY r.n, i)
            FROM regexp_matches(input, '([{{CjkClass}}\U00020000-\U0002fa1f]{2,})', 'g') WITH ORDINALITY AS r(m, n),
                 generate_series(1, char_length(r.m[1]) - 1) AS i), '')
          || ' ' || coalesce((
            SELECT string_agg(DISTINCT c.m[1], ' ')
            FROM regexp_matches(input, '([{{CjkClass}}\U00020000-\U0002fa1f])', 'g') AS c(m)), '')
        $fn$
        """;

    /// <summary>The stored search vector of an article row (a generated column).</summary>
    public const string VectorSql = """
        setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(description, '')), 'B')
        || to_tsvector('english', coalesce(body, ''))
        || setweight(to_tsvector('simple', cjk_grams(coalesce(title, ''))), 'A')
        || setweight(to_tsvector('simple', cjk_grams(coalesce(description, ''))), 'B')
        || to_tsvector('simple', cjk_grams(coalesce(body, '')))
        """;

    /// <summary>A run of CJK characters, those beyond the BMP (extension B and on: U+20000–U+2FA1F) as their surrogate pairs.</summary>
    [GeneratedRegex($@"(?:[{CjkClass}]|[\uD840-\uD87E][\uDC00-\uDFFF])+")]
    private static partial Regex CjkRun();

    /// <summary>
    /// A reader's query as `websearch_to_tsquery` should read it: each CJK run of two or more characters
    /// becomes the quoted phrase of its bigrams; everything else (English words, quotes, `-`, `or`) is left as typed.
    /// </summary>
    public static string Query(string query) => CjkRun().Replace(query, run =>
    {
        var characters = Characters(run.Value);
        if (characters.Count < 2) return $" {run.Value} ";
        var bigrams = Enumerable.Range(0, characters.Count - 1).Select(i => characters[i] + characters[i + 1]);
        return $" \"{string.Join(' ', bigrams)}\" ";
    });

    static List<string> Characters(string text)
    {
        var characters = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext()) characters.Add(enumerator.GetTextElement());
        return characters;
    }

    const int SnippetLength = 200, SnippetLead = 60;

    [GeneratedRegex(@"-?""[^""]*""|-?[^\s""]+")]
    private static partial Regex QueryToken();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    /// <summary>
    /// An HTML snippet of a post's body around the first place the query matches, the matches marked
    /// (`&lt;mark&gt;`); all text is HTML-encoded. CJK words are matched as written, English words by their
    /// first letters (a rough stem: "growing" marks "growth"); excluded (`-word`) and `or` are not marked.
    /// </summary>
    public static string Snippet(string bodyHtml, string query)
    {
        var text = Regex.Replace(WebUtility.HtmlDecode(Tag().Replace(bodyHtml, " ")), @"\s+", " ").Trim();
        var terms = QueryToken().Matches(query).Select(m => m.Value)
            .Where(t => !t.StartsWith('-') && !t.Equals("or", StringComparison.OrdinalIgnoreCase))
            .SelectMany(t => t.Trim('"').Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .SelectMany(Pattern).Distinct().ToList();
        var matcher = terms.Count == 0 ? null : new Regex(string.Join('|', terms), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));

        var first = matcher?.Match(text) is { Success: true } hit ? hit.Index : 0;
        var start = Math.Max(0, first - SnippetLead);
        if (start > 0 && char.IsLowSurrogate(text[start])) start--;
        var end = Math.Min(text.Length, start + SnippetLength);
        if (end < text.Length && char.IsHighSurrogate(text[end - 1])) end--;
        var window = text[start..end];

        var html = new StringBuilder();
        if (start > 0) html.Append('…');
        var at = 0;
        foreach (Match match in matcher?.Matches(window) ?? (IEnumerable<Match>)[])
        {
            html.Append(WebUtility.HtmlEncode(window[at..match.Index])).Append("<mark>").Append(WebUtility.HtmlEncode(match.Value)).Append("</mark>");
            at = match.Index + match.Length;
        }
        html.Append(WebUtility.HtmlEncode(window[at..]));
        if (end < text.Length) html.Append('…');
        return html.ToString();
    }

    /// <summary>The patterns a query word marks: its CJK runs as written, an English word by its first letters and any ending.</summary>
    static IEnumerable<string> Pattern(string word)
    {
        foreach (Match run in CjkRun().Matches(word)) yield return Regex.Escape(run.Value);
        var latin = CjkRun().Replace(word, " ").Trim();
        foreach (var part in Regex.Split(latin, @"[^\p{L}\p{N}]+").Where(p => p.Length > 0))
        {
            var stem = part.Length <= 3 ? part : part[..Math.Max(3, part.Length - 3)];
            yield return $@"\b{Regex.Escape(stem)}[\p{{L}}\p{{N}}]*";
        }
    }
}
