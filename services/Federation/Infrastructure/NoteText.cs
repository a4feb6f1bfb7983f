using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Blog.Federation.Infrastructure;

/// <summary>
/// The plain text of a note's HTML `content`, as its reader sees it: paragraphs and line breaks become new
/// lines; a link becomes its address, unless its text is a mention or a hashtag (`@name`, `#tag`), which stays
/// as written; scripts, styles and every other tag are dropped. Comments are plain text, escaped when shown.
/// </summary>
public static partial class NoteText
{
    static readonly HtmlParser Parser = new();
    static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "P", "DIV", "LI", "BLOCKQUOTE", "PRE", "H1", "H2", "H3", "H4", "H5", "H6", "UL", "OL", "TR",
    };

    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html)) return "";
        using var document = Parser.ParseDocument("<!DOCTYPE html><html><body></body></html>");
        var body = document.Body!;
        body.InnerHtml = html;
        var text = new StringBuilder();
        Write(body, text);
        var lines = text.ToString().Split('\n').Select(line => Spaces().Replace(line, " ").Trim());
        return BlankLines().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    static void Write(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    text.Append(t.Data.Replace('\n', ' '));
                    break;
                case IElement { TagName: "SCRIPT" or "STYLE" or "TEMPLATE" }:
                    break;
                case IElement { TagName: "BR" }:
                    text.Append('\n');
                    break;
                case IElement { TagName: "A" } link:
                    var shown = link.TextContent.Trim();
                    var href = link.GetAttribute("href");
                    var isAddress = Uri.TryCreate(href, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
                    text.Append(shown.StartsWith('@') || shown.StartsWith('#') || !isAddress ? shown : uri!.AbsoluteUri);
                    break;
                case IElement element when Blocks.Contains(element.TagName):
                    text.Append("\n\n");
                    Write(element, text);
                    text.Append("\n\n");
                    break;
                case IElement element:
                    Write(element, text);
                    break;
            }
        }
    }

    [GeneratedRegex(@"[ \t\u00A0]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
