namespace Blog.Web.Model;

/// The boxes beside every page: the site's announcement and the star bloggers (null when Identity is unavailable).
public sealed record SiteBoxes(string Announcement, IReadOnlyList<Profile>? StarBloggers);
