using Blog.Identity.Model;
using Blog.ServiceDefaults.Api;

namespace Blog.Identity.Apis;

// The RealWorld JSON shapes, with our additions (displayName, roles, featured).

public sealed record UserEnvelope<T>(T? User);

public sealed record NewUser(string? Username, string? Email, string? Password);

public sealed record LoginUser(string? Email, string? Password);

/// <summary>
/// Changes only the fields it names. `email`, `username` and `password`, when named, need a value; `bio` and
/// `image` may be null (cleared). `currentPassword` (an extension) confirms a change of email or password
/// long after the sign-in; `displayName` is an extension too.
/// </summary>
public sealed class UpdateUser : PartialInput
{
    public string? Email { get; init => field = Given(value); }
    public string? Username { get; init => field = Given(value); }
    public string? Password { get; init => field = Given(value); }
    public string? Bio { get; init => field = Given(value); }
    public string? Image { get; init => field = Given(value); }
    public string? DisplayName { get; init => field = Given(value); }
    public string? CurrentPassword { get; init; }
}

/// <summary>Confirms deleting the account long after the sign-in (an extension).</summary>
public sealed record DeleteUser(string? CurrentPassword);

public sealed record UserResponse(string Email, string Token, string Username, string? Bio, string? Image, string DisplayName, IReadOnlyList<string> Roles)
{
    public static UserEnvelope<UserResponse> For(User user, string token) =>
        new(new UserResponse(user.Email, token, user.Username, RealWorldFields.OrNull(user.Bio), RealWorldFields.OrNull(user.Image), user.DisplayName, user.Roles));
}

/// <summary>`roles` (an extension) names staff: readers see who moderates, and Moderation checks whom it may suspend.</summary>
public sealed record ProfileResponse(string Username, string? Bio, string? Image, bool Following, string DisplayName, bool Featured, IReadOnlyList<string> Roles)
{
    public static ProfileResponse For(User user, bool following) =>
        new(user.Username, RealWorldFields.OrNull(user.Bio), RealWorldFields.OrNull(user.Image), following, user.DisplayName, user.Featured, user.Roles);
}

public sealed record ProfileEnvelope(ProfileResponse Profile);

public sealed record BloggersResponse(IReadOnlyList<ProfileResponse> Bloggers, int BloggersCount);
