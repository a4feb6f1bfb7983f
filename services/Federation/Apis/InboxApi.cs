using System.Text.Json;
using Blog.Federation.Infrastructure;
using Blog.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blog.Federation.Apis;

/// <summary>
/// Where other servers deliver activities: each account's inbox and the shared one. A delivery must be
/// signed by the actor it names (HTTP Signatures) and not come from a blocked domain; it is then handled
/// and answered 202.
/// </summary>
public static class InboxApi
{
    /// <summary>The largest activity taken (Mastodon sends a few kilobytes).</summary>
    const int MaxActivityBytes = 256 * 1024;

    public static void MapInboxApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/inbox", Receive).WithTags("Federation").WithSummary("The shared inbox: activities for any account here");
        app.MapPost("/users/{username}/inbox", Receive).WithTags("Federation").WithSummary("An account's inbox");
    }

    static async Task<Results<Accepted, ProblemHttpResult>> Receive(
        HttpRequest request, SignatureVerifier verifier, InboxActivities activities, FederationDbContext db, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxActivityBytes) return TooLarge();
        var body = await request.Body.ReadAtMostAsync(MaxActivityBytes, cancellationToken);
        if (body is null) return TooLarge();

        // PostgreSQL text cannot hold U+0000, and no id or name of an activity has it.
        if (System.Text.Encoding.UTF8.GetString(body).Contains("\\u0000", StringComparison.OrdinalIgnoreCase))
            return RealWorldResults.Problem(StatusCodes.Status400BadRequest, "body", "holds a NUL character", "An activity's text holds no U+0000.");
        JsonElement activity;
        try
        {
            using var document = JsonDocument.Parse(body);
            activity = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return RealWorldResults.Problem(StatusCodes.Status400BadRequest, "body", "is not JSON", "An activity is a JSON object (application/activity+json).");
        }
        var actorId = RemoteActors.Text(activity, "actor");
        if (actorId is null || RemoteActors.Text(activity, "type") is null)
            return RealWorldResults.Problem(StatusCodes.Status400BadRequest, "body", "is not an activity", "An activity names its `type` and its `actor`.");

        // Before the signature: checking it would fetch the key from the blocked server.
        if (Uri.TryCreate(actorId, UriKind.Absolute, out var actorUri) && await db.IsBlockedAsync(actorUri.Authority, cancellationToken))
            return RealWorldResults.Forbidden("activity", $"{actorUri.Host} is blocked here.");

        var verified = await verifier.VerifyAsync(request, body, cancellationToken);
        if (verified.Actor is not { } sender)
            return RealWorldResults.Problem(StatusCodes.Status401Unauthorized, "signature", "is not valid", verified.Refusal);
        if (sender.Id != actorId)
            return RealWorldResults.Problem(StatusCodes.Status401Unauthorized, "signature", "is not the actor's", "The request is signed by another actor than the activity names.");

        await activities.HandleAsync(activity, sender, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    static ProblemHttpResult TooLarge() => RealWorldResults.Problem(StatusCodes.Status413PayloadTooLarge, "body", "is too large",
        $"An activity is at most {MaxActivityBytes / 1024} KB.");
}
