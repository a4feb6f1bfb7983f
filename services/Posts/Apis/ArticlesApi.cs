namespace Blog.Posts.Apis;

public static class ArticlesApi
{
    /// Placeholder until posts exist (issue 4): the RealWorld list shape, empty.
    public static IEndpointRouteBuilder MapArticlesApi(this IEndpointRouteBuilder app)
    {
        var articles = app.MapGroup("/api/articles").WithTags("Articles");
        articles.MapGet("/", () => TypedResults.Ok(new ArticlesResponse([], 0)));
        return app;
    }

    public sealed record ArticlesResponse(IReadOnlyList<object> Articles, int ArticlesCount);
}
