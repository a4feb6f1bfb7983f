using Blog.Topology;
namespace Blog.Web;

/// <summary>Settings under `Site:` in configuration: the words the site shows around the posts.</summary>
public sealed class SiteOptions
{
    public string Name { get; set; } = "Blog";
    public string Disclaimer { get; set; } = "Opinions of the writer in this blog don't represent those of the site.";
    public string Announcement { get; set; } = "Welcome to Blog: write, read, react and discuss.";
    /// <summary>The culture dates and numbers are written in on pages of its language: a newspaper's own (`zh-CN`, `en-US`...); the other language uses en-GB or zh-CN.</summary>
    public string Culture { get; set; } = "en-GB";
    /// <summary>The time zone dates are shown in (an IANA name such as `Asia/Shanghai`).</summary>
    public string TimeZone { get; set; } = "UTC";
    /// <summary>The public address of the site, for share links and feeds.</summary>
    public string BaseUrl { get; set; } = Ports.LocalSite;

    /// <summary>An account's fediverse handle, `@name@host` (Federation makes every account followable at it).</summary>
    public string FediverseHandle(string username) => $"@{username}@{new Uri(BaseUrl).Authority}";
}
