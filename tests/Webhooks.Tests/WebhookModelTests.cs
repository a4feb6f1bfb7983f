using Blog.ServiceDefaults.Outbound;
using System.Net;
using System.Text;
using Blog.Contracts;
using Blog.Webhooks.Model;

namespace Blog.Webhooks.Tests;

public sealed class WebhookModelTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.5.4")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("::ffff:192.168.1.1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Private_loopback_and_link_local_addresses_are_refused(string address) =>
        Assert.False(new TargetAddressPolicy([]).IsAllowed(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700:4700::1111")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.True(new TargetAddressPolicy([]).IsAllowed(IPAddress.Parse(address)));

    [Fact]
    public void The_allow_list_opens_only_its_networks()
    {
        var policy = new TargetAddressPolicy(["10.20.0.0/16"]);

        Assert.True(policy.IsAllowed(IPAddress.Parse("10.20.3.4")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("10.21.3.4")));
        Assert.False(policy.IsAllowed(IPAddress.Loopback));
    }

    [Fact]
    public void Retries_back_off_exponentially_with_jitter_up_to_the_cap()
    {
        var baseDelay = TimeSpan.FromSeconds(30);
        var cap = TimeSpan.FromHours(1);

        Assert.Equal(TimeSpan.FromSeconds(15), RetrySchedule.DelayAfter(1, baseDelay, cap, 0));
        Assert.Equal(TimeSpan.FromSeconds(30), RetrySchedule.DelayAfter(1, baseDelay, cap, 1));
        Assert.Equal(TimeSpan.FromSeconds(60), RetrySchedule.DelayAfter(3, baseDelay, cap, 0));
        Assert.Equal(TimeSpan.FromSeconds(120), RetrySchedule.DelayAfter(4, baseDelay, cap, 0));
        Assert.Equal(TimeSpan.FromMinutes(30), RetrySchedule.DelayAfter(20, baseDelay, cap, 0));
        Assert.Equal(cap, RetrySchedule.DelayAfter(1000, baseDelay, cap, 1));
        var jittered = Enumerable.Range(0, 50).Select(_ => RetrySchedule.DelayAfter(5, baseDelay, cap, Random.Shared.NextDouble())).ToList();
        Assert.All(jittered, d => Assert.InRange(d, TimeSpan.FromSeconds(240), TimeSpan.FromSeconds(480)));
        Assert.True(jittered.Distinct().Count() > 1);
    }

    [Fact]
    public void A_signature_verifies_only_the_exact_body_secret_and_a_fresh_timestamp()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"1","type":"post.published"}""");
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var header = WebhookSignature.Create("s3cret-s3cret-s3cret", now.ToUnixTimeSeconds(), body);

        Assert.Matches("^sha256=[0-9a-f]{64}, t=1800000000$", header);
        Assert.True(WebhookSignature.Verify("s3cret-s3cret-s3cret", header, body, now.AddMinutes(4)));
        Assert.False(WebhookSignature.Verify("s3cret-s3cret-s3cret", header, [.. body, (byte)' '], now));
        Assert.False(WebhookSignature.Verify("another-secret", header, body, now));
        Assert.False(WebhookSignature.Verify("s3cret-s3cret-s3cret", header, body, now.AddMinutes(6)));
        Assert.False(WebhookSignature.Verify("s3cret-s3cret-s3cret", header.Replace("t=1800000000", "t=1800000001"), body, now));
        Assert.False(WebhookSignature.Verify("s3cret-s3cret-s3cret", null, body, now));
        Assert.False(WebhookSignature.Verify("s3cret-s3cret-s3cret", "sha256=zz, t=1", body, now));
    }
}
