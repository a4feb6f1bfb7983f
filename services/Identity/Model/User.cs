namespace Blog.Identity.Model;

/// An account. Every account can blog; roles add moderation and administration.
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
    public int FailedLogins { get; private set; }
    public DateTimeOffset? FailedLoginsSince { get; private set; }
    public DateTimeOffset? LockedOutUntil { get; private set; }

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

    public bool IsLockedOut(DateTimeOffset now) => LockedOutUntil > now;

    public bool IsSuspended(DateTimeOffset now) => SuspendedUntil > now;

    /// Counts a wrong password; the fifth within the window locks the account for a while.
    public void RecordFailedLogin(DateTimeOffset now)
    {
        if (FailedLoginsSince is null || now - FailedLoginsSince > LoginLockout.Window)
        {
            FailedLogins = 0;
            FailedLoginsSince = now;
        }
        FailedLogins++;
        if (FailedLogins >= LoginLockout.MaxFailures)
        {
            LockedOutUntil = now + LoginLockout.Duration;
            FailedLogins = 0;
            FailedLoginsSince = null;
        }
    }

    public void RecordSuccessfulLogin()
    {
        FailedLogins = 0;
        FailedLoginsSince = null;
        LockedOutUntil = null;
    }

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
        return true;
    }

    public bool Revoke(string role)
    {
        if (!Roles.Contains(role)) return false;
        Roles = Roles.Where(r => r != role).ToList();
        return true;
    }
}

/// Lockout after repeated wrong passwords on one account, on top of the gateway's per-client limit:
/// it stops a guesser who spreads attempts over many addresses.
public static class LoginLockout
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(15);
}
