using Blog.Web;
using Blog.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Blog.Web.Tests;

public sealed class SiteFormatTests
{
    static SiteFormat For(string culture, string zone) => new(Options.Create(new SiteOptions { Culture = culture, TimeZone = zone }));

    static readonly DateTimeOffset Moment = new(2026, 11, 30, 7, 5, 0, TimeSpan.Zero);

    [Fact]
    public void Counts_are_singular_for_one_and_grouped_in_the_sites_culture()
    {
        var english = For("en-GB", "UTC");

        Assert.Equal("1 time", english.Count(1, "time", "times"));
        Assert.Equal("0 times", english.Count(0, "time", "times"));
        Assert.Equal("1,234 times", english.Count(1234, "time", "times"));
        Assert.Equal("1.234 Mal", For("de-DE", "UTC").Count(1234, "Mal", "Mal"));
    }

    [Fact]
    public void Dates_are_written_in_the_sites_culture_and_time_zone_with_a_machine_readable_moment()
    {
        var english = For("en-GB", "UTC").Time(Moment).ToString();
        var chinese = For("zh-CN", "Asia/Shanghai").Time(Moment).ToString();
        var dateOnly = For("en-US", "America/New_York").Time(Moment, DateStyle.Date).ToString();

        Assert.Equal("<time datetime=\"2026-11-30T07:05:00.0000000+00:00\">Monday, 30 November 2026 07:05 UTC</time>", english);
        Assert.Contains("2026年11月30日", chinese, StringComparison.Ordinal);
        Assert.Contains("UTC+08:00", chinese, StringComparison.Ordinal);
        Assert.Contains("November 30, 2026", dateOnly, StringComparison.Ordinal);
    }
}
