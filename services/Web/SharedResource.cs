namespace Blog.Web;

/// <summary>
/// The marker type the site's translations are read by: `Resources/SharedResource.{culture}.resx`, each
/// keyed by the English text it translates (a text without a translation is shown in English).
/// </summary>
public sealed class SharedResource;
