using System.Text.RegularExpressions;
using Blog.ServiceDefaults.Api;

namespace Blog.Identity.Model;

/// <summary>What a valid account looks like. Messages follow RealWorld's style ("can't be blank").</summary>
public static partial class AccountRules
{
    public const int UsernameMin = 3, UsernameMax = 32;
    public const int EmailMax = EmailRules.MaxLength;
    public const int PasswordMin = 8, PasswordMax = 128;
    public const int DisplayNameMax = 100, BioMax = 1000, ImageMax = 500;

    /// <summary>Usernames are URL-safe as they are: they stand in `/api/profiles/{username}` and `/blog/{username}`.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex UrlSafeUsername();

    public static string Normalize(string value) => value.Trim().ToUpperInvariant();

    public static void CheckUsername(string? username, ValidationErrors errors, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(username))
        {
            if (required) errors.Add("username", "can't be blank");
            return;
        }
        username = username.Trim();
        if (username.Length < UsernameMin) errors.Add("username", $"is too short (minimum is {UsernameMin} characters)");
        else if (username.Length > UsernameMax) errors.Add("username", $"is too long (maximum is {UsernameMax} characters)");
        else if (!UrlSafeUsername().IsMatch(username)) errors.Add("username", "may contain only letters, digits, '.', '_' and '-', and must start with a letter or digit");
    }

    public static void CheckEmail(string? email, ValidationErrors errors, bool required = true) => EmailRules.Check(email, "email", errors, required);

    public static void CheckPassword(string? password, ValidationErrors errors, bool required = true)
    {
        if (string.IsNullOrEmpty(password))
        {
            if (required) errors.Add("password", "can't be blank");
            return;
        }
        if (TextRules.HasControlCharacters(password)) errors.Add("password", TextRules.ControlCharactersMessage);
        else if (password.Length < PasswordMin) errors.Add("password", $"is too short (minimum is {PasswordMin} characters)");
        else if (password.Length > PasswordMax) errors.Add("password", $"is too long (maximum is {PasswordMax} characters)");
    }

    /// <summary>A path on the site itself (`/media/...`, where uploaded pictures are): not another host's (`//host`).</summary>
    static bool IsSitePath(string image) =>
        image.StartsWith('/') && !image.StartsWith("//", StringComparison.Ordinal) && !image.Contains('\\', StringComparison.Ordinal)
        && Uri.IsWellFormedUriString(image, UriKind.Relative);

    public static void CheckProfile(string? displayName, string? bio, string? image, ValidationErrors errors)
    {
        if (displayName is not null && displayName.Trim().Length > DisplayNameMax) errors.Add("displayName", $"is too long (maximum is {DisplayNameMax} characters)");
        if (displayName is not null && displayName.Length > 0 && displayName.Trim().Length == 0) errors.Add("displayName", "can't be blank");
        TextRules.Check(displayName, "displayName", errors);
        if (bio is not null && bio.Length > BioMax) errors.Add("bio", $"is too long (maximum is {BioMax} characters)");
        TextRules.Check(bio, "bio", errors, multiline: true);
        if (!string.IsNullOrEmpty(image))
        {
            if (image.Length > ImageMax) errors.Add("image", $"is too long (maximum is {ImageMax} characters)");
            else if (!IsSitePath(image) && (!Uri.TryCreate(image, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
                errors.Add("image", "must be an http or https URL, or a path on this site");
        }
    }
}
