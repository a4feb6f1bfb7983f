using Blog.Topology;
using System.Text.Json;
using Blog.Moderation.Model;

namespace Blog.Moderation.Infrastructure;

/// <summary>
/// The roles of an account, for the staff hierarchy. Moderation keeps them from `UserRolesChanged`; for an
/// account whose roles it never heard of (an event that went out before its queue existed, an account
/// older than the event) it asks Identity's public profile, and keeps the answer.
/// </summary>
public sealed class StaffDirectory(IHttpClientFactory clients, TimeProvider clock, ILogger<StaffDirectory> logger)
{
    public static string IdentityClient => PlatformServices.Identity.Name;
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    sealed record ProfileEnvelope(ProfileRoles? Profile);
    sealed record ProfileRoles(IReadOnlyList<string>? Roles);

    /// <summary>The user's roles; null when neither Moderation nor Identity can tell (the caller refuses then).</summary>
    public async Task<IReadOnlyList<string>?> RolesOfAsync(KnownUser user, CancellationToken cancellationToken)
    {
        if (user.RolesAsOf is not null) return user.Roles;
        var asOf = clock.GetUtcNow();
        try
        {
            using var response = await clients.CreateClient(IdentityClient).GetAsync($"/api/profiles/{Uri.EscapeDataString(user.Username)}", cancellationToken);
            if (!response.IsSuccessStatusCode) return null;
            var roles = (await response.Content.ReadFromJsonAsync<ProfileEnvelope>(Json, cancellationToken))?.Profile?.Roles ?? [];
            user.Roles = [.. roles];
            user.RolesAsOf = asOf;
            return roles;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Cannot read the roles of {Username} from Identity: {Reason}", user.Username, ex.Message);
            return null;
        }
    }
}
