namespace Blog.Contracts;

// Events about accounts, raised by Identity (UserSuspended by Moderation). None carries an email
// address or anything about a password.

/// <summary>Raised once when an account is created.</summary>
/// <param name="UserId">The account's key, the same in every event about it.</param>
/// <param name="Username">The username (unique whatever its case).</param>
/// <param name="DisplayName">The name shown on the site (the username until the owner sets one).</param>
/// <param name="Bio">The bio (empty when unset).</param>
/// <param name="Image">The picture's URL, or null.</param>
/// <param name="RegisteredAt">When the account was created.</param>
public sealed record UserRegistered(
    Guid UserId,
    string Username,
    string DisplayName,
    string Bio,
    string? Image,
    DateTimeOffset RegisteredAt);

/// <summary>Raised when a public part of a profile changes (username, display name, bio, image, featured).</summary>
/// <param name="UserId">The account's key.</param>
/// <param name="Username">The username now.</param>
/// <param name="PreviousUsername">The username before (the same unless renamed).</param>
/// <param name="DisplayName">The name shown on the site.</param>
/// <param name="Bio">The bio (empty when unset).</param>
/// <param name="Image">The picture's URL, or null.</param>
/// <param name="Featured">Whether the blogger is among the star bloggers.</param>
/// <param name="UpdatedAt">When it changed: a consumer keeps the copy of the latest.</param>
public sealed record UserProfileUpdated(
    Guid UserId,
    string Username,
    string PreviousUsername,
    string DisplayName,
    string Bio,
    string? Image,
    bool Featured,
    DateTimeOffset UpdatedAt);

/// <summary>
/// Raised once when an account is deleted (by its owner). Every service drops what the account wrote
/// and its copies of the profile: its posts (each with its own PostDeleted), comments, reactions,
/// follows and files. The username is free again afterwards.
/// </summary>
/// <param name="UserId">The account's key.</param>
/// <param name="Username">The username it had.</param>
/// <param name="DeletedAt">When.</param>
public sealed record UserDeleted(
    Guid UserId,
    string Username,
    DateTimeOffset DeletedAt);

/// <summary>Raised when a reader starts following a blogger.</summary>
/// <param name="FollowerId">The reader's key.</param>
/// <param name="FollowerUsername">The reader's username.</param>
/// <param name="FolloweeId">The blogger's key.</param>
/// <param name="FolloweeUsername">The blogger's username.</param>
/// <param name="FollowedAt">When.</param>
public sealed record UserFollowed(
    Guid FollowerId,
    string FollowerUsername,
    Guid FolloweeId,
    string FolloweeUsername,
    DateTimeOffset FollowedAt);

/// <summary>Raised when a reader stops following a blogger.</summary>
/// <param name="FollowerId">The reader's key.</param>
/// <param name="FollowerUsername">The reader's username.</param>
/// <param name="FolloweeId">The blogger's key.</param>
/// <param name="FolloweeUsername">The blogger's username.</param>
/// <param name="UnfollowedAt">When.</param>
public sealed record UserUnfollowed(
    Guid FollowerId,
    string FollowerUsername,
    Guid FolloweeId,
    string FolloweeUsername,
    DateTimeOffset UnfollowedAt);

/// <summary>Raised by Moderation when a moderator or admin suspends an account until a time; Identity enforces it.</summary>
/// <param name="UserId">The account's key.</param>
/// <param name="Username">The account's username.</param>
/// <param name="Until">When the suspension ends by itself.</param>
/// <param name="Reason">Why, in the staff member's words.</param>
/// <param name="SuspendedBy">The staff member's username.</param>
public sealed record UserSuspended(
    Guid UserId,
    string Username,
    DateTimeOffset Until,
    string Reason,
    string SuspendedBy);

/// <summary>Raised by Moderation when a suspension is lifted before it ends; Identity lets the account in again.</summary>
/// <param name="UserId">The account's key.</param>
/// <param name="Username">The account's username.</param>
/// <param name="ReinstatedBy">The staff member's username.</param>
/// <param name="ReinstatedAt">When.</param>
public sealed record UserReinstated(
    Guid UserId,
    string Username,
    string ReinstatedBy,
    DateTimeOffset ReinstatedAt);

/// <summary>Raised by Identity when an account's staff roles change.</summary>
/// <param name="UserId">The account's key.</param>
/// <param name="Username">The account's username.</param>
/// <param name="Roles">The whole new set (<c>moderator</c>, <c>admin</c>; empty for none).</param>
/// <param name="ChangedAt">When.</param>
public sealed record UserRolesChanged(
    Guid UserId,
    string Username,
    IReadOnlyList<string> Roles,
    DateTimeOffset ChangedAt);
