using Blog.Web.Infrastructure;
using Blog.Web.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Blog.Web.Pages;

/// <summary>
/// Writing a post in Markdown: `/write` for a new one, `/write/{slug}` to edit one of one's own.
/// Preview renders through Posts (the same renderer and sanitiser as publishing); save keeps a
/// draft, publish makes it public, schedule makes it public at the date and time given; insert uploads an
/// image for the post and adds it to the body's end.
/// </summary>
public sealed class WriteModel(PostsClient posts, MediaClient media, SiteFormat format, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public string Title { get; set; } = "";
    [BindProperty] public string Description { get; set; } = "";
    [BindProperty] public string Body { get; set; } = "";
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? Tags { get; set; } = "";
    /// <summary>When to publish, in the site's time zone (an `&lt;input type="datetime-local"&gt;`).</summary>
    [BindProperty] public string? PublishAt { get; set; }
    /// <summary>An image to upload and insert, and its description for readers who cannot see it.</summary>
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? ImageAlt { get; set; }
    /// <summary>An image was just added to the body, which is not saved yet.</summary>
    public bool ImageInserted { get; private set; }
    /// <summary>An image of this post to insert again (its id).</summary>
    [BindProperty] public Guid? Image { get; set; }
    /// <summary>The images uploaded for this post, to insert again without uploading.</summary>
    public IReadOnlyList<UploadedMedia> Images { get; private set; } = [];
    public string? Slug { get; private set; }
    public string Status { get; private set; } = "draft";
    public string? PreviewHtml { get; private set; }
    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];
    [TempData] public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(string? slug, CancellationToken cancellationToken)
    {
        await LoadCategoriesAsync(cancellationToken);
        if (slug is null) return Page();
        var found = await posts.ArticleAsync(slug, cancellationToken);
        if (found.Value?.Article is not { } article) return found.NotFound ? NotFound() : StatusCode(StatusCodes.Status503ServiceUnavailable);
        if (article.Author.Username != User.Identity?.Name) return Forbid();
        (Slug, Status, Title, Description, Body, Category, Tags, PublishAt) =
            (article.Slug, article.Status, article.Title, article.Description, article.Body ?? "", article.Category?.Slug, string.Join(", ", article.TagList),
                format.LocalInput(article.PublishAt));
        await LoadImagesAsync(article.Id, cancellationToken);
        return Page();
    }

    /// <summary>One form, five buttons (`action` = preview, save, schedule, publish or insert): plain HTML, no script needed.</summary>
    public Task<IActionResult> OnPostAsync(string? slug, string? action, CancellationToken cancellationToken) => action switch
    {
        "insert" => InsertImageAsync(slug, cancellationToken),
        "reinsert" => InsertAgainAsync(slug, cancellationToken),
        "save" => SaveAsync(slug, "draft", cancellationToken),
        "publish" => SaveAsync(slug, "published", cancellationToken),
        "schedule" => SaveAsync(slug, "scheduled", cancellationToken),
        _ => PreviewAsync(slug, cancellationToken),
    };

    async Task<IActionResult> PreviewAsync(string? slug, CancellationToken cancellationToken)
    {
        Slug = slug;
        await LoadCategoriesAsync(cancellationToken);
        var preview = await posts.PreviewAsync(Body, cancellationToken);
        if (preview.Value is { } rendered) PreviewHtml = rendered.BodyHtml;
        else Errors = preview.Unavailable ? ["The preview is unavailable right now; your text is still here."] : preview.Errors?.Messages.ToList() ?? [];
        return Page();
    }

    async Task<IActionResult> SaveAsync(string? slug, string status, CancellationToken cancellationToken)
    {
        // An unreadable date is sent as written: Posts answers what is wrong with it.
        var publishAt = status != "scheduled" || string.IsNullOrWhiteSpace(PublishAt) ? null : format.FromLocalInput(PublishAt)?.ToString("O") ?? PublishAt;
        var article = Input(status, publishAt);
        var saved = slug is null
            ? await posts.CreateAsync(article, cancellationToken)
            : await posts.UpdateAsync(slug, article, cancellationToken);
        if (saved.Value?.Article is { } result)
        {
            if (status == "published") return Redirect($"/articles/{result.Slug}");
            Notice = status == "scheduled" ? text["Scheduled: it will be published on {0} ({1}).", format.LocalInput(result.PublishAt).Replace('T', ' '), format.ZoneLabel] : "Draft saved.";
            return Redirect($"/write/{result.Slug}");
        }

        Slug = slug;
        await LoadCategoriesAsync(cancellationToken);
        Errors = saved.Messages("Posts is unavailable right now; your text is still here, try again in a moment.");
        Response.StatusCode = saved.PageStatus;
        return Page();
    }

    object Input(string status, string? publishAt = null) => new
    {
        title = Title, description = Description, body = Body, status, publishAt,
        category = string.IsNullOrWhiteSpace(Category) ? null : Category,
        tagList = (Tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    };

    /// <summary>
    /// Uploads the chosen image for this post (deleted with it; a new post is saved as a draft first to
    /// have one) and adds it at the body's end; the post itself is saved when the writer chooses.
    /// </summary>
    async Task<IActionResult> InsertImageAsync(string? slug, CancellationToken cancellationToken)
    {
        Slug = slug;
        await LoadCategoriesAsync(cancellationToken);
        if (Upload is not { Length: > 0 } file) return Refuse(["Choose an image to insert."], StatusCodes.Status422UnprocessableEntity);

        var post = slug is null ? await posts.CreateAsync(Input("draft"), cancellationToken) : await posts.ArticleAsync(slug, cancellationToken);
        if (post.Value?.Article is not { } article)
            return Refuse(post.Messages("Posts is unavailable right now; your text is still here, try again in a moment."), post.PageStatus);
        if (article.Author.Username != User.Identity?.Name) return Forbid();
        (Slug, Status) = (article.Slug, article.Status);

        var uploaded = await media.UploadAsync(file, "post", article.Id, cancellationToken);
        if (uploaded.Value?.Media is not { } image)
            return Refuse(uploaded.Messages("Images cannot be uploaded right now; your text is still here, try again in a moment."), uploaded.PageStatus);
        return await InsertedAsync(image, article.Id, cancellationToken);
    }

    /// <summary>Adds an image already uploaded for this post at the body's end again.</summary>
    async Task<IActionResult> InsertAgainAsync(string? slug, CancellationToken cancellationToken)
    {
        Slug = slug;
        await LoadCategoriesAsync(cancellationToken);
        if (slug is null || Image is not { } id) return Refuse(["Choose an image to insert."], StatusCodes.Status422UnprocessableEntity);
        var post = await posts.ArticleAsync(slug, cancellationToken);
        if (post.Value?.Article is not { } article)
            return Refuse(post.Messages("Posts is unavailable right now; your text is still here, try again in a moment."), post.PageStatus);
        if (article.Author.Username != User.Identity?.Name) return Forbid();
        Status = article.Status;
        var found = await media.ImageAsync(id, cancellationToken);
        if (found.Value?.Media is not { } image)
            return Refuse(found.Messages("Images cannot be read right now; your text is still here, try again in a moment."), found.PageStatus);
        return await InsertedAsync(image, article.Id, cancellationToken);
    }

    async Task<PageResult> InsertedAsync(UploadedMedia image, Guid articleId, CancellationToken cancellationToken)
    {
        Body = MarkdownImage.Append(Body, image, ImageAlt);
        ImageInserted = true;
        await LoadImagesAsync(articleId, cancellationToken);
        // The body shown is not the one saved: the form, not a redirect, carries it.
        ModelState.Clear();
        return Page();
    }

    async Task LoadImagesAsync(Guid articleId, CancellationToken cancellationToken) =>
        Images = (await media.OfPostAsync(articleId, cancellationToken)).Value?.Media ?? [];

    PageResult Refuse(IReadOnlyList<string> errors, int status)
    {
        Errors = errors;
        Response.StatusCode = status;
        return Page();
    }

    async Task LoadCategoriesAsync(CancellationToken cancellationToken) =>
        Categories = (await posts.CategoriesAsync(cancellationToken)).Value?.Categories ?? [];
}
