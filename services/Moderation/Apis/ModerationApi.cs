using Blog.ServiceDefaults.Authentication;

namespace Blog.Moderation.Apis;

public static class ModerationApi
{
    /// <summary>Everything under /api/moderation needs the moderator (or admin) role: others get 401 or 403.</summary>
    public static IEndpointRouteBuilder MapModerationApi(this IEndpointRouteBuilder app)
    {
        var moderation = app.MapGroup("/api/moderation").WithTags("Moderation").RequireAuthorization(BlogAuthentication.ModeratorPolicy);
        moderation.MapQueueApi();
        moderation.MapRulesApi();
        moderation.MapSuspensionsApi();
        moderation.MapAuditApi();
        return app;
    }
}
