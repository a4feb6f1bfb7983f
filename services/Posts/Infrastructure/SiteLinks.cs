using Blog.Topology;
namespace Blog.Posts.Infrastructure;

/// <summary>Addresses on the public site (`Site:BaseUrl`): where a post is read, as events and the feed link to it.</summary>
public sealed class SiteLinks(IConfiguration configuration)
{
    public string Home { get; } = (configuration["Site:BaseUrl"] ?? Ports.LocalSite).TrimEnd('/');

    public string Article(string slug) => $"{Home}/articles/{slug}";
}
