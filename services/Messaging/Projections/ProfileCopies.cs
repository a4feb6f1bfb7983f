using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Blog.Messaging.Projections;

/// <summary>
/// A service's copy of an account's public profile, kept from Identity's `UserRegistered` and
/// `UserProfileUpdated`, stamped with when Identity produced the state it holds.
/// </summary>
public interface IProfileCopy
{
    /// <summary>When Identity produced the profile state held here; null before any profile event.</summary>
    DateTimeOffset? ProfileAsOf { get; set; }
}

public static class ProfileCopies
{
    /// <summary>
    /// The copy of one account to apply a profile state produced at `asOf` to, added when missing.
    /// `IsNewer` is false when the copy already holds a later state: the events travel on separate
    /// queues (a registration may arrive after an update), so the older one must change nothing.
    /// When newer, the copy's `ProfileAsOf` is moved to `asOf`; the caller sets the fields.
    /// </summary>
    public static async Task<(T Copy, bool IsNewer)> ForProfileStateAsync<T>(
        this DbSet<T> copies, Expression<Func<T, bool>> ofAccount, Func<T> create, DateTimeOffset asOf, CancellationToken cancellationToken)
        where T : class, IProfileCopy
    {
        var copy = await copies.SingleOrDefaultAsync(ofAccount, cancellationToken);
        if (copy is null) copies.Add(copy = create());
        if (copy.ProfileAsOf > asOf) return (copy, false);
        copy.ProfileAsOf = asOf;
        return (copy, true);
    }
}
