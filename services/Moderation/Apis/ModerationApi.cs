namespace Blog.Moderation.Apis;

public static class ModerationApi
{
    /// Placeholder until moderation exists (issue 6): the queue is empty.
    public static IEndpointRouteBuilder MapModerationApi(this IEndpointRouteBuilder app)
    {
        var moderation = app.MapGroup("/api/moderation").WithTags("Moderation");
        moderation.MapGet("/queue", () => TypedResults.Ok(new QueueResponse([])));
        return app;
    }

    public sealed record QueueResponse(IReadOnlyList<object> Cases);
}
