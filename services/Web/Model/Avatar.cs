namespace Blog.Web.Model;

/// <summary>
/// A reader's picture beside their name: the picture of their profile, else a generated one (the first
/// letter of their name on a colour of their own, drawn as inline SVG, so it needs no request and no
/// image host). Decorative: the name stands next to it.
/// </summary>
public sealed record Avatar(string Username, string DisplayName, string? Image, int Size = 40)
{
    /// <summary>The letter shown: the name's first letter (or character, for a Chinese name), upper-cased.</summary>
    public string Initial
    {
        get
        {
            var name = string.IsNullOrWhiteSpace(DisplayName) ? Username : DisplayName.Trim();
            if (name.Length == 0) return "?";
            var first = System.Globalization.StringInfo.GetNextTextElementLength(name);
            return name[..first].ToUpperInvariant();
        }
    }

    /// <summary>
    /// The colour of the account, the same on every page: a hue from the username, dark enough that the
    /// white letter has a contrast of 5.3:1 or more (yellow, the lightest hue, is the lowest).
    /// </summary>
    public string Colour
    {
        get
        {
            var hash = 17u;
            foreach (var c in Username) hash = unchecked(hash * 31 + c);
            return $"hsl({hash % 360} 55% 28%)";
        }
    }
}
