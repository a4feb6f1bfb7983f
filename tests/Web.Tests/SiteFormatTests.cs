using System.Globalization;
using Blog.ServiceDefaults;
using Blog.Web;
using Blog.Web.Infrastructure;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Blog.Web.Tests;

public sealed class SiteFormatTests
{
    /// The site's formatter with its real translations, in the culture a request of that language gets.
    static SiteFormat For(string culture, string zone, string language = SiteLanguages.English)
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        return new(Options.Create(new SiteOptions { TimeZone = zone }), new StringLocalizer<SharedResource>(factory));
    }

    static readonly DateTimeOffset Moment = new(2026, 11, 30, 7, 5, 0, TimeSpan.Zero);

    [Fact]
    public void Counts_are_singular_for_one_translated_and_grouped_in_the_pages_culture()
    {
        var english = For("en-GB", "UTC");
        Assert.Equal("Viewed 1 time", english.Count(1, "Viewed {0} time", "Viewed {0} times"));
        Assert.Equal("Viewed 0 times", english.Count(0, "Viewed {0} time", "Viewed {0} times"));
        Assert.Equal("Viewed 1,234 times", english.Count(1234, "Viewed {0} time", "Viewed {0} times"));
        Assert.Equal("1.234 comments", For("de-DE", "UTC").Count(1234, "{0} comment", "{0} comments"));
        Assert.Equal("浏览 2,288 次", For("zh-CN", "UTC", SiteLanguages.Chinese).Count(2288, "Viewed {0} time", "Viewed {0} times"));
    }

    [Fact]
    public void Dates_are_written_in_the_pages_culture_and_the_sites_time_zone_with_a_machine_readable_moment()
    {
        var english = For("en-GB", "UTC").Time(Moment).ToString();
        var chinese = For("zh-CN", "Asia/Shanghai", SiteLanguages.Chinese).Time(Moment).ToString();
        var dateOnly = For("en-US", "America/New_York").Time(Moment, DateStyle.Date).ToString();

        Assert.Equal("<time datetime=\"2026-11-30T07:05:00.0000000+00:00\">Monday, 30 November 2026 07:05 UTC</time>", english);
        Assert.Contains("2026年11月30日", chinese, StringComparison.Ordinal);
        Assert.Contains("UTC+08:00", chinese, StringComparison.Ordinal);
        Assert.Contains("November 30, 2026", dateOnly, StringComparison.Ordinal);
    }
}
