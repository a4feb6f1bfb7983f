using Blog.Topology;

namespace Blog.Federation.Infrastructure;

/// <summary>
/// The site's ActivityPub addresses, from its public base (`Site:BaseUrl`): the ids other servers keep,
/// so the base must not change once followed (HTTPS and the real host name in production).
/// </summary>
public sealed class FederationAddresses(IConfiguration configuration)
{
    public string Base { get; } = (configuration["Site:BaseUrl"] ?? Ports.LocalSite).TrimEnd('/');

    /// <summary>The host (with its port when not the scheme's default) that handles are `@name@host` on.</summary>
    public string Host => new Uri(Base).Authority;

    public string SiteName { get; } = configuration["Site:Name"] ?? "Blog";

    public string Actor(string username) => $"{Base}/users/{Uri.EscapeDataString(username)}";
    public string KeyId(string username) => $"{Actor(username)}#main-key";
    public string Inbox(string username) => $"{Actor(username)}/inbox";
    public string Outbox(string username) => $"{Actor(username)}/outbox";
    public string Followers(string username) => $"{Actor(username)}/followers";
    public string Following(string username) => $"{Actor(username)}/following";
    public string SharedInbox => $"{Base}/inbox";

    /// <summary>A post's `Article` object.</summary>
    public string Article(Guid postId) => $"{Base}/ap/posts/{postId}";
    /// <summary>An activity this site sent (a `Create`, an `Accept`...), by a fresh id.</summary>
    public string Activity(Guid id) => $"{Base}/ap/activities/{id}";

    /// <summary>The author's page on the site, for people.</summary>
    public string AuthorPage(string username) => $"{Base}/blog/{Uri.EscapeDataString(username)}";
    public string TagPage(string tag) => $"{Base}/tag/{Uri.EscapeDataString(tag)}";
    public string NodeInfo => $"{Base}/nodeinfo/2.1";

    /// <summary>The local username an actor address names, or null when it is not one of this site's.</summary>
    public string? UsernameOf(string? actorId)
    {
        var prefix = $"{Base}/users/";
        if (actorId is null || !actorId.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var rest = actorId[prefix.Length..];
        return rest.Length == 0 || rest.Contains('/', StringComparison.Ordinal) || rest.Contains('#', StringComparison.Ordinal) ? null : Uri.UnescapeDataString(rest);
    }
}
