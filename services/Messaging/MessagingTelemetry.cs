using System.Diagnostics.Metrics;

namespace Blog.Messaging;

static class MessagingTelemetry
{
    public static readonly Meter Meter = new("Blog.Messaging");
}
