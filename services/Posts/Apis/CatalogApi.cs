using Blog.Posts.Infrastructure;
using Blog.Posts.Model;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Blog.Posts.Apis;

/// <summary>Tags and categories: what posts are filed under.</summary>
public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/tags", GetTags).WithTags("Tags").WithSummary("The tags in use");

        var categories = app.MapGroup("/api/categories").WithTags("Categories");
        categories.MapGet("/", GetCategories).WithSummary("The categories");
        categories.MapPost("/", CreateCategory).RequireAuthorization(BlogAuthentication.AdminPolicy).WithSummary("Add a category (admins)");
        categories.MapDelete("/{slug}", DeleteCategory).RequireAuthorization(BlogAuthentication.AdminPolicy).WithSummary("Remove a category (admins)");
        return app;
    }

    /// <summary>The tags of published posts, most used first.</summary>
    static async Task<Ok<TagsResponse>> GetTags(PostsDbContext db, CancellationToken cancellationToken)
    {
        var tags = await db.Database.SqlQuery<string>(
            $"SELECT tag AS \"Value\" FROM articles, unnest(tags) AS tag WHERE status = 'Published' GROUP BY tag ORDER BY count(*) DESC, tag LIMIT 100")
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new TagsResponse(tags));
    }

    static async Task<Ok<CategoriesResponse>> GetCategories(PostsDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(new CategoriesResponse(await db.Categories.OrderBy(c => c.Name)
            .Select(c => new CategoryResponse(c.Slug, c.Name)).ToListAsync(cancellationToken)));

    static async Task<Results<Created<CategoryEnvelope<CategoryResponse>>, UnprocessableEntity<ErrorsEnvelope>, Conflict<ErrorsEnvelope>>> CreateCategory(
        CategoryEnvelope<CategoryInput>? body, PostsDbContext db, CancellationToken cancellationToken)
    {
        if (body?.Category is not { } input) return ValidationErrors.For("category", "can't be blank");
        var errors = new ValidationErrors();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add("name", "can't be blank");
        else if (name.Length > 60) errors.Add("name", "is too long (maximum is 60 characters)");
        else TextRules.Check(name, "name", errors);
        var slug = ArticleRules.Slugify(string.IsNullOrWhiteSpace(input.Slug) ? name : input.Slug);
        if (errors.Any) return errors.ToResult();
        if (await db.Categories.AnyAsync(c => c.Slug == slug, cancellationToken)) return SlugTaken();

        var category = new Category { Id = Guid.CreateVersion7(), Slug = slug, Name = name };
        db.Categories.Add(category);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return SlugTaken();
        }
        return TypedResults.Created($"/api/categories/{slug}", new CategoryEnvelope<CategoryResponse>(new CategoryResponse(slug, name)));
    }

    /// <summary>Posts in a deleted category keep existing, uncategorised.</summary>
    static async Task<Results<NoContent, ProblemHttpResult>> DeleteCategory(string slug, PostsDbContext db, CancellationToken cancellationToken)
    {
        var deleted = await db.Categories.Where(c => c.Slug == slug).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0
            ? RealWorldResults.NotFound("category")
            : TypedResults.NoContent();
    }

    static Conflict<ErrorsEnvelope> SlugTaken() => TypedResults.Conflict(new ValidationErrors().Add("slug", "has already been taken").ToEnvelope());
}
