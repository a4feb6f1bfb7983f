namespace Blog.Moderation.Model;

/// <summary>
/// A suspension a moderator or admin decided: active until it ends or someone lifts it. An account has
/// at most one active suspension; changing one means lifting it and deciding anew.
/// </summary>
public sealed class Suspension
{
    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string Username { get; private set; } = "";
    public DateTimeOffset SuspendedAt { get; private set; }
    public DateTimeOffset Until { get; private set; }
    public string Reason { get; private set; } = "";
    public string SuspendedBy { get; private set; } = "";
    public DateTimeOffset? LiftedAt { get; private set; }
    public string? LiftedBy { get; private set; }

    Suspension() { }

    public static Suspension Decide(KnownUser user, DateTimeOffset now, DateTimeOffset until, string reason, string suspendedBy) => new()
    {
        Id = Guid.CreateVersion7(), UserId = user.UserId, Username = user.Username, SuspendedAt = now, Until = until, Reason = reason, SuspendedBy = suspendedBy,
    };

    public bool IsActive(DateTimeOffset now) => LiftedAt is null && Until > now;

    public void Lift(DateTimeOffset now, string liftedBy)
    {
        LiftedAt = now;
        LiftedBy = liftedBy;
    }
}
