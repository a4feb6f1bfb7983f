namespace Blog.Contracts;

// Events about accounts, raised by Identity (UserSuspended by Moderation). None carries an email
// address or anything about a password.

/// Raised once when an account is created.
public sealed record UserRegistered(
    Guid UserId,
    string Username,
    string DisplayName,
    string Bio,
    string? Image,
    DateTimeOffset RegisteredAt);

/// Raised when a public part of a profile changes (username, display name, bio, image, featured).
public sealed record UserProfileUpdated(
    Guid UserId,
    string Username,
    string PreviousUsername,
    string DisplayName,
    string Bio,
    string? Image,
    bool Featured,
    DateTimeOffset UpdatedAt);

/// Raised when a reader starts following a blogger.
public sealed record UserFollowed(
    Guid FollowerId,
    string FollowerUsername,
    Guid FolloweeId,
    string FolloweeUsername,
    DateTimeOffset FollowedAt);

/// Raised when a reader stops following a blogger.
public sealed record UserUnfollowed(
    Guid FollowerId,
    string FollowerUsername,
    Guid FolloweeId,
    string FolloweeUsername,
    DateTimeOffset UnfollowedAt);

/// Raised by Moderation when a moderator suspends an account until a time; Identity enforces it.
public sealed record UserSuspended(
    Guid UserId,
    string Username,
    DateTimeOffset Until,
    string Reason,
    string SuspendedBy);

/// Raised by Moderation when a suspension is lifted before it ends; Identity lets the account in again.
public sealed record UserReinstated(
    Guid UserId,
    string Username,
    string ReinstatedBy,
    DateTimeOffset ReinstatedAt);

/// Raised by Identity when an account's staff roles change (`moderator`, `admin`); `roles` is the whole new set.
public sealed record UserRolesChanged(
    Guid UserId,
    string Username,
    IReadOnlyList<string> Roles,
    DateTimeOffset ChangedAt);
