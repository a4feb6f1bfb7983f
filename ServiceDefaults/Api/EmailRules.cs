using System.Net.Mail;

namespace Blog.ServiceDefaults.Api;

/// <summary>What an e-mail address must be wherever one is given (an account's, a notification address).</summary>
public static class EmailRules
{
    public const int MaxLength = 254;

    /// <summary>Adds `field`'s error unless `email` (trimmed) is one address, at most 254 characters, with a dotted domain.</summary>
    public static void Check(string? email, string field, ValidationErrors errors, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            if (required) errors.Add(field, "can't be blank");
            return;
        }
        email = email.Trim();
        if (email.Length > MaxLength) errors.Add(field, $"is too long (maximum is {MaxLength} characters)");
        else if (!MailAddress.TryCreate(email, out var address) || address.Address != email || !address.Host.Contains('.', StringComparison.Ordinal))
            errors.Add(field, "is invalid");
    }
}
