using System.Globalization;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Options;

namespace Blog.Web.Infrastructure;

public enum DateStyle { Date, DateAndTime }

/// <summary>
/// Dates and counts as the site's readers write them: in the culture of the page's language (see
/// `SiteLocalization`) and the site's time zone (`Site:TimeZone`), the same for every reader of that
/// language, so a page stays one page per language in the edge cache.
/// </summary>
public sealed class SiteFormat(IOptions<SiteOptions> options, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> localizer)
{
    static CultureInfo culture => CultureInfo.CurrentCulture;
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

    /// <summary>"Viewed 1 time", "Viewed 1,234 times", "浏览 1,234 次": the text for one or for many, translated, the number in the page's culture.</summary>
    public string Count(long count, string one, string many) => localizer[count == 1 ? one : many, count.ToString("N0", culture)];

    /// <summary>The site's zone as the writing page names it beside its date and time field ("UTC", "UTC+08:00").</summary>
    public string ZoneLabel => ZoneName(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone));

    /// <summary>A moment as an `&lt;input type="datetime-local"&gt;` shows it: the site's wall-clock time, to the minute.</summary>
    public string LocalInput(DateTimeOffset? moment) =>
        moment is { } known ? TimeZoneInfo.ConvertTime(known, zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) : "";

    /// <summary>What a datetime-local field sent, read as the site's wall-clock time; null when it is not a date and time.</summary>
    public DateTimeOffset? FromLocalInput(string? value)
    {
        if (!DateTime.TryParseExact(value?.Trim(), ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall))
            return null;
        var unspecified = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }

    string ZoneName(DateTimeOffset local) =>
        zone == TimeZoneInfo.Utc ? "UTC" : $"UTC{(local.Offset < TimeSpan.Zero ? "-" : "+")}{local.Offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture)}";
}
