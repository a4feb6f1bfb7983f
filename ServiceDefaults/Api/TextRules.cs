namespace Blog.ServiceDefaults.Api;

/// <summary>
/// What every stored text field refuses: control characters (a NUL makes PostgreSQL refuse the write,
/// U+0001 makes the RSS feed's XML invalid), lone surrogates (not encodable as UTF-8) and the
/// non-characters U+FFFE/U+FFFF (not allowed in XML). Multi-line fields (bodies, bios) keep line
/// breaks and tabs.
/// </summary>
public static class TextRules
{
    public const string ControlCharactersMessage = "contains control or invalid characters";

    public static bool HasControlCharacters(string? text, bool multiline = false)
    {
        if (string.IsNullOrEmpty(text)) return false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF') return true;
            if (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')) return true;
        }
        return false;
    }

    /// <summary>Adds the field's error when it holds such characters; true when it is clean.</summary>
    public static bool Check(string? text, string field, ValidationErrors errors, bool multiline = false)
    {
        if (!HasControlCharacters(text, multiline)) return true;
        errors.Add(field, ControlCharactersMessage);
        return false;
    }
}
