using System.Globalization;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Options;

namespace Blog.Web.Infrastructure;

public enum DateStyle { Date, DateAndTime }

/// <summary>
/// Dates and counts as the site's readers write them: in the site's culture and time zone (`Site:Culture`,
/// `Site:TimeZone`), the same for every reader, so a page stays one page in the edge cache.
/// </summary>
public sealed class SiteFormat(IOptions<SiteOptions> options)
{
    readonly CultureInfo culture = CultureInfo.GetCultureInfo(options.Value.Culture);
    readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <summary>
    /// `&lt;time datetime="2026-11-30T07:05:00+00:00"&gt;30 November 2026 07:05 UTC&lt;/time&gt;` (machine-readable and localised).
    /// </summary>
    public IHtmlContent Time(DateTimeOffset? moment, DateStyle style = DateStyle.DateAndTime) =>
        moment is { } known ? Time(known, style) : HtmlString.Empty;

    public IHtmlContent Time(DateTimeOffset moment, DateStyle style = DateStyle.DateAndTime)
    {
        var local = TimeZoneInfo.ConvertTime(moment, zone);
        var text = style == DateStyle.Date ? local.ToString("D", culture) : $"{local.ToString("D", culture)} {local.ToString("t", culture)} {ZoneName(local)}";
        return new HtmlString($"<time datetime=\"{moment:O}\">{System.Net.WebUtility.HtmlEncode(text)}</time>");
    }

    /// <summary>"1 time", "1,234 times": the number in the site's culture, the word singular for one.</summary>
    public string Count(long count, string one, string many) => $"{count.ToString("N0", culture)} {(count == 1 ? one : many)}";

    string ZoneName(DateTimeOffset local) =>
        zone == TimeZoneInfo.Utc ? "UTC" : $"UTC{(local.Offset < TimeSpan.Zero ? "-" : "+")}{local.Offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture)}";
}
