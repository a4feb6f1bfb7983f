namespace Blog.Web.Model;

/// <summary>An uploaded image as Markdown: the column-wide picture, linked to the full size.</summary>
public static class MarkdownImage
{
    public static string For(UploadedMedia image, string? alt)
    {
        // The description ends at a bracket or a line break in Markdown: those become spaces.
        var text = string.Join(' ', (alt ?? "").Split(['[', ']', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return $"[![{text}]({image.ColumnUrl})]({image.Url})";
    }

    /// <summary>The body with the image as a paragraph of its own at its end (without script there is no cursor to insert at).</summary>
    public static string Append(string? body, UploadedMedia image, string? alt)
    {
        var text = (body ?? "").TrimEnd();
        return (text.Length == 0 ? "" : text + "\n\n") + For(image, alt) + "\n";
    }
}
