namespace Blog.ServiceDefaults.Authentication;

/// <summary>
/// Who may suspend whom. Moderation decides with it and Identity checks it again before enforcing a
/// suspension (Identity holds the roles; Moderation's copy of them may lag), so one rule serves both.
/// </summary>
public static class StaffHierarchy
{
    /// <summary>
    /// A moderator may suspend plain accounts only; an admin may suspend anyone but themselves and the
    /// last admin who is not suspended (the site always keeps someone who can lift a suspension).
    /// </summary>
    public static string? WhyNotSuspend(IReadOnlyCollection<string> actorRoles, IReadOnlyCollection<string> targetRoles,
        bool actorIsTarget, bool targetIsLastActiveAdmin)
    {
        if (actorIsTarget) return "nobody can suspend themselves";
        if (actorRoles.Contains(BlogRoles.Admin))
        {
            return targetRoles.Contains(BlogRoles.Admin) && targetIsLastActiveAdmin ? "the last active admin cannot be suspended" : null;
        }
        if (!actorRoles.Contains(BlogRoles.Moderator)) return "only moderators and admins suspend accounts";
        return targetRoles.Any(BlogRoles.All.Contains) ? "a moderator may suspend readers and bloggers only, not staff" : null;
    }

    /// <summary>Admins lift any suspension; a moderator lifts the suspensions they made.</summary>
    public static bool MayReinstate(IReadOnlyCollection<string> actorRoles, string actorUsername, string suspendedBy) =>
        actorRoles.Contains(BlogRoles.Admin)
        || (actorRoles.Contains(BlogRoles.Moderator) && string.Equals(actorUsername, suspendedBy, StringComparison.OrdinalIgnoreCase));
}
