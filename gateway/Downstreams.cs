using Blog.Topology;
using Microsoft.Extensions.Configuration.Memory;

namespace Blog.Gateway;

/// <summary>
/// The services behind the gateway, from the platform's topology: one YARP cluster each, addressed by its
/// service-discovery name (the routes in appsettings.json name these clusters).
/// </summary>
public static class Downstreams
{
    public static IReadOnlyList<string> Names { get; } = [.. PlatformServices.Downstream.Select(service => service.Name)];

    /// <summary>The site's pages, which show every service's content.</summary>
    public static string Site => PlatformServices.Web.Name;

    /// <summary>The clusters as configuration of the lowest precedence: settings or a test may still point one elsewhere.</summary>
    public static void AddDownstreamClusters(this IConfigurationBuilder configuration) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = PlatformServices.Downstream.ToDictionary(
                service => $"ReverseProxy:Clusters:{service.Name}:Destinations:d1:Address", service => (string?)service.Address.ToString()),
        });
}
