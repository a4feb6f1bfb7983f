using Blog.Topology;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Blog.ServiceDefaults.Views;
using Blog.Web.Model;

namespace Blog.Web.Infrastructure;

/// <summary>
/// Calls the services (found by service discovery) on behalf of the reader, with the reader's API
/// token from the sign-in cookie. Never throws for a service that is down: the page decides.
/// </summary>
public sealed class BlogApi(IHttpClientFactory clients, IHttpContextAccessor http, VisitorAnswers visitorAnswers, ILogger<BlogApi> logger)
{
    /// <summary>The services the site calls, each through its named HTTP client (`PostsClient` and the others above it).</summary>
    public static readonly IReadOnlyList<PlatformService> Services =
        [PlatformServices.Identity, PlatformServices.Posts, PlatformServices.Comments, PlatformServices.Moderation, PlatformServices.Media,
         PlatformServices.Notifications, PlatformServices.Federation];
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ApiResult<T>> GetAsync<T>(string service, string path, CancellationToken cancellationToken = default) =>
        SendAsync<T>(service, HttpMethod.Get, path, null, cancellationToken);

    /// <summary>
    /// What is the same for every reader (a site box): asked without the reader's token, and answered from
    /// this replica's memory while the service has written nothing since (<see cref="VisitorAnswers"/>).
    /// </summary>
    public async Task<ApiResult<T>> GetAsVisitorAsync<T>(string service, string path, CancellationToken cancellationToken = default)
    {
        var versions = await (contentVersions ??= visitorAnswers.ReadVersionsAsync());
        return await visitorAnswers.GetOrAskAsync(service, path, versions?.GetValueOrDefault(service),
            () => SendAsync<T>(service, HttpMethod.Get, path, null, asVisitor: true, cancellationToken));
    }

    // The services' content versions, read once for the page (this object lives for one request) and read
    // again after a write it sends, so the page shown after a write includes it.
    Task<IReadOnlyDictionary<string, long>?>? contentVersions;

    /// <summary>Sends `body` as JSON, or as it is when it is already <see cref="HttpContent"/> (an upload's multipart form).</summary>
    public async Task<ApiResult<T>> SendAsync<T>(string service, HttpMethod method, string path, object? body, CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync<T>(service, method, path, body, asVisitor: false, cancellationToken);
        if (method != HttpMethod.Get) contentVersions = null;
        return answer;
    }

    async Task<ApiResult<T>> SendAsync<T>(string service, HttpMethod method, string path, object? body, bool asVisitor, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (!asVisitor && http.HttpContext?.User.FindFirst(WebAuthentication.TokenClaim)?.Value is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        }
        if (http.HttpContext is { } context)
        {
            // Posts counts a view once per reader: the reader's browser, not this server.
            request.Headers.TryAddWithoutValidation(ViewCounter.ViewerHeader, ViewerCookie.Of(context));
            request.Headers.TryAddWithoutValidation("User-Agent", context.Request.Headers.UserAgent.ToString());
            // The reader's address (as the gateway told this site), for Identity's per-client sign-in throttle.
            if (context.Connection.RemoteIpAddress is { } client) request.Headers.TryAddWithoutValidation("X-Forwarded-For", client.ToString());
        }
        request.Content = body switch
        {
            null => null,
            HttpContent content => content,
            _ => JsonContent.Create(body, options: Json),
        };
        try
        {
            using var response = await clients.CreateClient(service).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                // The page shows a published article: the gateway counts its views when it serves the page from its cache.
                if (method == HttpMethod.Get && http.HttpContext is { } page && response.Headers.TryGetValues(ViewCounter.ArticleHeader, out var article))
                {
                    page.Response.Headers[ViewCounter.ArticleHeader] = article.First();
                }
                var value = response.Content.Headers.ContentLength == 0 ? default : await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
                return new ApiResult<T>(value, response.StatusCode, null);
            }
            ApiErrors? errors = null;
            if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
            {
                errors = await response.Content.ReadFromJsonAsync<ApiErrors>(Json, cancellationToken);
            }
            return new ApiResult<T>(default, response.StatusCode, errors);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("{Service} could not answer {Method} {Path}: {Reason}", service, method, path, ex.Message);
            return ApiResult.Down<T>();
        }
    }
}
