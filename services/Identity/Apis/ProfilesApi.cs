namespace Blog.Identity.Apis;

public static class ProfilesApi
{
    /// Placeholder until accounts exist (issue 3): every profile is unknown.
    public static IEndpointRouteBuilder MapProfilesApi(this IEndpointRouteBuilder app)
    {
        var profiles = app.MapGroup("/api/profiles").WithTags("Profiles");
        profiles.MapGet("/{username}", (string username) =>
            TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Profile not found", detail: $"No blogger is called '{username}'."));
        return app;
    }
}
