using Blog.Topology;

namespace Blog.Notifications.Infrastructure;

/// <summary>The public site's addresses a mail links to (`Site:BaseUrl`, `Site:Name`).</summary>
public sealed class SiteAddresses(IConfiguration configuration)
{
    public string Home { get; } = (configuration["Site:BaseUrl"] ?? Ports.LocalSite).TrimEnd('/');
    public string Name { get; } = configuration["Site:Name"] ?? "Blog";

    public string Settings => $"{Home}/notifications/settings";
    public string Of(string path) => Home + path;
    public string Confirm(string token) => $"{Home}/api/notifications/mail/confirm?token={token}";
    public string Unsubscribe(Guid user, string key) => $"{Home}/api/notifications/mail/unsubscribe?user={user}&key={key}";
}
