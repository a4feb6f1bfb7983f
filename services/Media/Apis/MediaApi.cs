using System.Security.Claims;
using Blog.Media.Infrastructure;
using Blog.Media.Model;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Blog.Media.Apis;

/// <summary>
/// Images: uploaded by signed-in accounts (multipart, field `file`), served as re-encoded files at
/// content-hashed addresses that never change (cached for a year), removed by their owner or staff.
/// </summary>
public static class MediaApi
{
    public const string FileField = "file", PurposeField = "purpose", ArticleField = "articleId";
    public const int DefaultLimit = 20, MaxLimit = 100;

    /// <summary>What the errors of a missing or forbidden image are keyed by.</summary>
    const string Resource = "image";

    public static IEndpointRouteBuilder MapMediaApi(this IEndpointRouteBuilder app)
    {
        var media = app.MapGroup("/api/media").WithTags("Media");
        // A bearer token, never a cookie, signs an upload in: no cross-site form can make one.
        media.MapPost("/", Upload).RequireAuthorization().DisableAntiforgery()
            .Accepts<UploadForm>("multipart/form-data")
            .WithSummary("Upload an image (multipart: `file`, optional `purpose` post|avatar and `articleId`)")
            .WithDescription($"JPEG, PNG, GIF or WebP up to the size limit. The image is decoded and encoded afresh (no metadata kept) in every size; an avatar is cropped square. Refused: 413 too large, 415 another type, 422 unreadable, too many pixels, or hiding other content. An image uploaded for a post (`{ArticleField}`) is deleted with it.");
        media.MapGet("/", ListMine).RequireAuthorization()
            .WithSummary("The signed-in account's images, newest first (`articleId`: those uploaded for one post)");
        media.MapGet("/{id:guid}", Get).WithSummary("An uploaded image and its sizes");
        media.MapDelete("/{id:guid}", Delete).RequireAuthorization().WithSummary("Delete an image (its owner or staff); its files go with it");
        app.MapMethods(MediaAddresses.Prefix + "{key}", [HttpMethods.Get, HttpMethods.Head], Serve).WithTags("Media")
            .WithSummary("A stored file (immutable: its address is its content's hash)");
        return app;
    }

    static async Task<Results<Created<MediaEnvelope>, ProblemHttpResult, UnprocessableEntity<ErrorsEnvelope>>> Upload(
        HttpRequest request, ClaimsPrincipal user, ImageProcessor images, MediaLibrary library, MediaDbContext db,
        IOptions<MediaOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Any body but multipart/form-data was answered 415 by routing (`Accepts`).
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
        {
            return ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                ? TooLarge(options.Value)
                : RealWorldResults.Problem(StatusCodes.Status400BadRequest, FileField, "could not be read", "The multipart body is malformed.");
        }

        var errors = new ValidationErrors();
        var file = form.Files.GetFile(FileField);
        if (file is null) errors.Add(FileField, "can't be blank");
        else if (file.Length == 0) errors.Add(FileField, "is empty");
        var purpose = MediaPurpose.Post;
        if (form[PurposeField] is [{ Length: > 0 } named] && !Enum.TryParse(named, ignoreCase: true, out purpose) || !Enum.IsDefined(purpose))
            errors.Add(PurposeField, "must be post or avatar");
        var articleId = ReadArticleId(form[ArticleField] is [{ Length: > 0 } article] ? article : null, errors);
        if (errors.Any) return errors.ToResult();
        if (file!.Length > options.Value.MaxUploadBytes) return TooLarge(options.Value);

        var upload = new byte[file.Length];
        await using (var stream = file.OpenReadStream()) await stream.ReadExactlyAsync(upload, cancellationToken);
        var (variants, refusal) = await images.ProcessAsync(upload, purpose, cancellationToken);
        if (refusal is not null) return RealWorldResults.Problem(refusal.Status, FileField, refusal.Message, refusal.Detail);

        var mediaId = Guid.CreateVersion7(clock.GetUtcNow());
        var full = variants.Single(v => v.Name == VariantSizes.Full);
        var item = new MediaItem
        {
            Id = mediaId, OwnerId = user.UserId()!.Value, OwnerUsername = user.FindFirstValue(BlogClaims.Username) ?? "", Purpose = purpose,
            ArticleId = articleId, Width = full.Width, Height = full.Height, CreatedAt = clock.GetUtcNow(),
            Variants = [.. variants.Select(v => new MediaVariant { MediaId = mediaId, Name = v.Name, BlobKey = v.Key, Width = v.Width, Height = v.Height })],
        };
        await library.AddAsync(item, variants, cancellationToken);
        return TypedResults.Created($"/api/media/{mediaId}", new MediaEnvelope(MediaResponse.Of(item)));
    }

    /// <summary>The post an image is for, from a form field or the query; not a post's id is a 422.</summary>
    static Guid? ReadArticleId(string? value, ValidationErrors errors)
    {
        if (value is null) return null;
        if (Guid.TryParse(value, out var id)) return id;
        errors.Add(ArticleField, "must be a post's id");
        return null;
    }

    static ProblemHttpResult TooLarge(MediaOptions options) => RealWorldResults.Problem(StatusCodes.Status413PayloadTooLarge, FileField, "is too large",
        $"An image may be at most {options.MaxUploadBytes / (1024.0 * 1024):0.#} MiB.");

    static async Task<Results<Ok<MediaEnvelope>, ProblemHttpResult>> Get(Guid id, MediaDbContext db, CancellationToken cancellationToken)
    {
        var item = await db.Items.AsNoTracking().Include(i => i.Variants).FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null) return RealWorldResults.NotFound(Resource);
        return TypedResults.Ok(new MediaEnvelope(MediaResponse.Of(item)));
    }

    static async Task<Results<Ok<MediaList>, UnprocessableEntity<ErrorsEnvelope>>> ListMine(
        string? articleId, string? limit, string? offset, ClaimsPrincipal user, MediaDbContext db, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (take, skip) = Paging.Read(limit, offset, DefaultLimit, MaxLimit, errors);
        var article = ReadArticleId(articleId, errors);
        if (errors.Any) return errors.ToResult();

        var owner = user.UserId();
        var mine = db.Items.AsNoTracking().Where(i => i.OwnerId == owner && (article == null || i.ArticleId == article));
        var count = await mine.CountAsync(cancellationToken);
        var items = await mine.OrderByDescending(i => i.CreatedAt).Skip(skip).Take(take).Include(i => i.Variants).ToListAsync(cancellationToken);
        return TypedResults.Ok(new MediaList([.. items.Select(MediaResponse.Of)], count));
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, ClaimsPrincipal user, MediaDbContext db, CancellationToken cancellationToken)
    {
        var item = await db.Items.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null) return RealWorldResults.NotFound(Resource);
        if (item.OwnerId != user.UserId() && !user.IsStaff()) return RealWorldResults.Forbidden(Resource, "only its owner or staff may delete an image");
        db.Items.Remove(item);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The address is the content's hash: it is cached for a year, by browsers, CDNs and the gateway's edge cache.</summary>
    static async Task<IResult> Serve(string key, HttpContext http, IBlobStore store, CancellationToken cancellationToken)
    {
        // One read: a file and its register row are removed together (the sweep), so the store alone says whether it exists.
        if (!MediaAddresses.Key().IsMatch(key) || await store.GetAsync(key, cancellationToken) is not { } content) return RealWorldResults.NotFound(Resource);

        var headers = http.Response.Headers;
        headers.CacheControl = "public, max-age=31536000, immutable";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        var etag = new EntityTagHeaderValue($"\"{key[..32]}\"");
        headers.ETag = etag.ToString();
        if (http.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Compare(etag, useStrongComparison: false) || tag == EntityTagHeaderValue.Any))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(content, MediaAddresses.ContentTypeOf(key));
    }
}
