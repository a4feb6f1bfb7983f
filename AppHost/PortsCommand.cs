using System.Globalization;
using Blog.Topology;

namespace Blog.AppHost;

/// <summary>
/// Prints a port set of the topology as `name=port` lines (and `all=` every port it takes), so the blog
/// script checks and announces the same ports the AppHost uses without a copy of its own.
/// </summary>
static class PortsCommand
{
    public static int Print(string name)
    {
        if (Ports.Named(name) is not { } ports)
        {
            Console.Error.WriteLine($"no port set named '{name}' (up, bench, tests)");
            return 2;
        }
        Line(PlatformServices.Gateway.Name, ports.Gateway);
        Line("postgres", ports.Postgres);
        Line(PlatformResources.Redis, ports.Redis);
        Line(PlatformResources.RabbitMq, ports.RabbitMq);
        Line("services", ports.ServicesFrom);
        Line("dashboard", ports.Dashboard);
        Line("otlp", ports.Otlp);
        Line("smtp", ports.Smtp);
        Line("mailinbox", ports.MailInbox);
        Console.WriteLine($"all={string.Join(' ', ports.All().Select(port => port.ToString(CultureInfo.InvariantCulture)))}");
        return 0;
    }

    static void Line(string name, int? port)
    {
        if (port is { } value) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}={value}"));
    }
}
