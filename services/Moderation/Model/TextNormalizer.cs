using System.Globalization;
using System.Text;

namespace Blog.Moderation.Model;

/// <summary>
/// Brings text to a canonical form before blocked words are looked for, so "ＶＩＡＧＲＡ", "vіagra"
/// (a Cyrillic і), "v\u200Biagra", "viágra" and "v1agra" all read "viagra": compatibility forms
/// folded (NFKC), case folded, accents and invisible characters dropped, and common look-alike
/// letters and digits mapped to the Latin letter they imitate.
/// </summary>
public static class TextNormalizer
{
    static readonly Dictionary<char, char> LookAlikes = new()
    {
        // Cyrillic
        ['а'] = 'a', ['в'] = 'b', ['е'] = 'e', ['ё'] = 'e', ['к'] = 'k', ['м'] = 'm', ['н'] = 'h', ['о'] = 'o', ['р'] = 'p', ['с'] = 'c',
        ['т'] = 't', ['у'] = 'y', ['х'] = 'x', ['і'] = 'i', ['ї'] = 'i', ['ј'] = 'j', ['ѕ'] = 's', ['ԁ'] = 'd', ['ԛ'] = 'q', ['ԝ'] = 'w',
        // Greek
        ['α'] = 'a', ['β'] = 'b', ['ε'] = 'e', ['η'] = 'n', ['ι'] = 'i', ['κ'] = 'k', ['ν'] = 'v', ['ο'] = 'o', ['ρ'] = 'p', ['τ'] = 't',
        ['υ'] = 'u', ['χ'] = 'x', ['ω'] = 'w',
        // Digits and signs standing in for letters
        ['0'] = 'o', ['1'] = 'i', ['3'] = 'e', ['4'] = 'a', ['5'] = 's', ['7'] = 't', ['@'] = 'a', ['$'] = 's',
        ['ı'] = 'i', ['ł'] = 'l', ['ø'] = 'o', ['đ'] = 'd',
    };

    public static string Normalize(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var result = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.Format) continue;
            result.Append(LookAlikes.TryGetValue(c, out var latin) ? latin : c);
        }
        return result.ToString().Normalize(NormalizationForm.FormC);
    }
}
