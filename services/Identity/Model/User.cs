namespace Blog.Identity.Model;

/// <summary>An account. Every account can blog; roles add moderation and administration.</summary>
public sealed class User
{
    public Guid Id { get; private set; }
    public string Username { get; private set; } = "";
    public string NormalizedUsername { get; private set; } = "";
    public string Email { get; private set; } = "";
    public string NormalizedEmail { get; private set; } = "";
    public string PasswordHash { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Bio { get; set; } = "";
    public string? Image { get; set; }
    public bool Featured { get; set; }
    public List<string> Roles { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SuspendedUntil { get; private set; }
    public string? SuspensionReason { get; private set; }
    /// <summary>
    /// Changes whenever the credentials or roles change, or on "log out everywhere": tokens carry the stamp
    /// they were issued with, and one carrying an older stamp is refused.
    /// </summary>
    public string SecurityStamp { get; private set; } = NewStamp();

    User() { }

    public static User Register(string username, string email, DateTimeOffset now) =>
        new User { Id = Guid.CreateVersion7(), CreatedAt = now }.Rename(username).ChangeEmail(email);

    public User Rename(string username)
    {
        Username = username.Trim();
        NormalizedUsername = AccountRules.Normalize(Username);
        if (DisplayName.Length == 0) DisplayName = Username;
        return this;
    }

    public User ChangeEmail(string email)
    {
        Email = email.Trim();
        NormalizedEmail = AccountRules.Normalize(Email);
        return this;
    }

    public bool IsSuspended(DateTimeOffset now) => SuspendedUntil > now;

    /// <summary>Invalidates every token issued before (see `SecurityStamp`).</summary>
    public void RenewSecurityStamp() => SecurityStamp = NewStamp();

    static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public void Suspend(DateTimeOffset until, string reason)
    {
        SuspendedUntil = until;
        SuspensionReason = reason;
    }

    public void Reinstate()
    {
        SuspendedUntil = null;
        SuspensionReason = null;
    }

    public bool Grant(string role)
    {
        if (Roles.Contains(role)) return false;
        Roles = [.. Roles, role];
        RenewSecurityStamp();
        return true;
    }

    public bool Revoke(string role)
    {
        if (!Roles.Contains(role)) return false;
        Roles = Roles.Where(r => r != role).ToList();
        RenewSecurityStamp();
        return true;
    }
}
