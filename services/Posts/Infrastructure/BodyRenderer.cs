using System.Text.RegularExpressions;
using Ganss.Xss;
using Markdig;

namespace Blog.Posts.Infrastructure;

/// <summary>
/// Markdown to safe HTML: Markdig renders, HtmlSanitizer keeps only harmless markup (no scripts,
/// event handlers, `javascript:` URLs, styles or classes), and what Microsoft Word leaves when its
/// text is pasted ("Normal 0 false false false EN-US ... /* Style Definitions */ table.MsoNormalTable
/// {...}", `mso-` styles) is removed first. Images load lazily.
/// </summary>
public sealed partial class BodyRenderer
{
    readonly MarkdownPipeline pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables().UseAutoLinks().UseEmphasisExtras().UseListExtras().UseTaskLists()
        .Build();

    readonly HtmlSanitizer sanitizer = CreateSanitizer();

    public string Render(string markdown)
    {
        var cleaned = WordPreamble().Replace(markdown, "");
        cleaned = WordConditionalComment().Replace(cleaned, "");
        var html = Markdown.ToHtml(cleaned, pipeline);
        return sanitizer.Sanitize(html).Trim();
    }

    static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedAttributes.Remove("class");
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto" }) sanitizer.AllowedSchemes.Add(scheme);
        sanitizer.AllowedTags.Remove("form");
        // A post's pictures load as the reader scrolls to them, decoded off the page's critical path.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "img" } image)
            {
                image.SetAttribute("loading", "lazy");
                image.SetAttribute("decoding", "async");
            }
        };
        return sanitizer;
    }

    // Word's "Normal 0 false false false EN-US ZH-CN X-NONE" line and the style sheet after it.
    [GeneratedRegex(@"Normal\s+0\s+(?:false\s+)+(?:[A-Z]{2}-[A-Z]{2}\s+){1,2}X-NONE(?:[\s\S]*?/\*\s*Style Definitions\s*\*/[\s\S]*?\})?", RegexOptions.None, 1000)]
    private static partial Regex WordPreamble();

    [GeneratedRegex(@"<!--\[if [^\]]*\]>[\s\S]*?<!\[endif\]-->", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex WordConditionalComment();
}
