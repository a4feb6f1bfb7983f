using System.Net;
using System.Text.Json.Nodes;
using Blog.Federation.Model;

namespace Blog.Federation.Infrastructure;

/// <summary>The ActivityStreams documents this site serves and sends: its actors, their posts as `Article`s, and the activities about them.</summary>
public sealed class ActivityDocuments(FederationAddresses addresses)
{
    public const string Public = "https://www.w3.org/ns/activitystreams#Public";
    static readonly string[] Context = ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"];

    /// <summary>Terms the ActivityStreams context lacks, as Mastodon defines them (without them a JSON-LD reader drops the hashtags).</summary>
    static readonly Dictionary<string, string> Extensions = new()
    {
        ["Hashtag"] = "as:Hashtag",
        ["manuallyApprovesFollowers"] = "as:manuallyApprovesFollowers",
        ["toot"] = "http://joinmastodon.org/ns#",
        ["discoverable"] = "toot:discoverable",
    };

    /// <summary>An account as a `Person` (`manuallyApprovesFollowers: false`: follows are accepted at once).</summary>
    public JsonObject Person(LocalActor actor)
    {
        var id = addresses.Actor(actor.Username);
        var person = new JsonObject
        {
            ["@context"] = ContextNode(),
            ["id"] = id,
            ["type"] = "Person",
            ["preferredUsername"] = actor.Username,
            ["name"] = actor.DisplayName.Length > 0 ? actor.DisplayName : actor.Username,
            ["summary"] = actor.Bio.Length > 0 ? $"<p>{WebUtility.HtmlEncode(actor.Bio)}</p>" : "",
            ["url"] = addresses.AuthorPage(actor.Username),
            ["inbox"] = addresses.Inbox(actor.Username),
            ["outbox"] = addresses.Outbox(actor.Username),
            ["followers"] = addresses.Followers(actor.Username),
            ["following"] = addresses.Following(actor.Username),
            ["endpoints"] = new JsonObject { ["sharedInbox"] = addresses.SharedInbox },
            ["manuallyApprovesFollowers"] = false,
            ["discoverable"] = true,
            ["published"] = actor.CreatedAt,
            ["publicKey"] = new JsonObject
            {
                ["id"] = addresses.KeyId(actor.Username),
                ["owner"] = id,
                ["publicKeyPem"] = actor.PublicKeyPem,
            },
        };
        if (actor.Image is { Length: > 0 } image) person["icon"] = new JsonObject { ["type"] = "Image", ["url"] = image };
        return person;
    }

    /// <summary>A post as an `Article`: its title, summary, tags as hashtags and a link to read it on the site.</summary>
    public JsonObject Article(FederatedPost post, string username)
    {
        var tags = new JsonArray();
        foreach (var tag in post.Tags)
        {
            tags.Add(new JsonObject { ["type"] = "Hashtag", ["href"] = addresses.TagPage(tag), ["name"] = $"#{tag}" });
        }
        var content = $"<p>{WebUtility.HtmlEncode(post.Description)}</p><p><a href=\"{WebUtility.HtmlEncode(post.Url)}\">{WebUtility.HtmlEncode(post.Title)}</a></p>";
        var article = new JsonObject
        {
            ["id"] = addresses.Article(post.PostId),
            ["type"] = "Article",
            ["attributedTo"] = addresses.Actor(username),
            ["name"] = post.Title,
            ["summary"] = post.Description,
            ["content"] = content,
            ["url"] = post.Url,
            ["published"] = post.PublishedAt,
            ["to"] = new JsonArray(Public),
            ["cc"] = new JsonArray(addresses.Followers(username)),
            ["tag"] = tags,
        };
        if (post.UpdatedAt is { } updated) article["updated"] = updated;
        return article;
    }

    /// <summary>`type` (Create, Update) of `target` by `username`, addressed as the object is; a fresh id unless given.</summary>
    public JsonObject Activity(string type, string username, JsonObject target, DateTimeOffset now, string? id = null)
    {
        target.Remove("@context");
        return new JsonObject
        {
            ["@context"] = ContextNode(),
            ["id"] = id ?? addresses.Activity(Guid.NewGuid()),
            ["type"] = type,
            ["actor"] = addresses.Actor(username),
            ["published"] = now,
            ["to"] = new JsonArray(Public),
            ["cc"] = new JsonArray(addresses.Followers(username)),
            ["object"] = target,
        };
    }

    /// <summary>A `Delete` of an object this site published (a post, or the actor itself).</summary>
    public JsonObject Delete(string username, string objectId, DateTimeOffset now) =>
        Activity("Delete", username, new JsonObject { ["id"] = objectId, ["type"] = "Tombstone" }, now);

    /// <summary>The `Accept` of a remote `Follow`, sent to the follower.</summary>
    public JsonObject Accept(string username, JsonNode follow) => new()
    {
        ["@context"] = ContextNode(),
        ["id"] = addresses.Activity(Guid.NewGuid()),
        ["type"] = "Accept",
        ["actor"] = addresses.Actor(username),
        ["object"] = follow.DeepClone(),
    };

    /// <summary>An `OrderedCollection` with its size and, when given, its items.</summary>
    public static JsonObject Collection(string id, long total, JsonArray? items = null)
    {
        var collection = new JsonObject
        {
            ["@context"] = "https://www.w3.org/ns/activitystreams",
            ["id"] = id,
            ["type"] = "OrderedCollection",
            ["totalItems"] = total,
        };
        if (items is not null) collection["orderedItems"] = items;
        return collection;
    }

    static JsonArray ContextNode()
    {
        var context = new JsonArray([.. Context.Select(c => (JsonNode)c)]);
        var terms = new JsonObject();
        foreach (var (term, iri) in Extensions) terms[term] = iri;
        context.Add(terms);
        return context;
    }
}
