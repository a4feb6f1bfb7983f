using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Blog.Topology.Tests;

/// <summary>
/// The topology (Topology/) is the one place ports and service names are written: everything else reads
/// it. These tests grep the repository for copies, and check the sets of ports never collide.
/// </summary>
public sealed partial class TopologyTests
{
    /// <summary>Docs describe the topology (README's port table, request samples for an editor); migrations are generated,
    /// and so are the Kubernetes manifests (`deploy/`, written from the topology by the AppHost; Kubernetes.Tests compares).</summary>
    static readonly string[] SkippedDirectories = [".git", "bin", "obj", ".blog", "artifacts", "node_modules", "docs", "Migrations", "Topology", "deploy"];
    static readonly string[] SkippedExtensions = [".md", ".http"];
    /// <summary>Page models speak HTML and JSON ("comments" is a section of the post page), never to the topology: they use typed clients.</summary>
    static readonly string PageModels = Path.Combine("services", "Web", "Pages");
    static readonly string[] ScannedExtensions = [".cs", ".json", ".sh", ".lua", ".props", ".csproj", ".yml", ".yaml", ".cshtml", ""];

    static IEnumerable<PlatformPorts> PortSets =>
        [Ports.Up, Ports.Bench, Ports.Tests, Ports.EndToEnd, Ports.EndToEndFaults, Ports.EndToEndRestart];

    static IEnumerable<int> SinglePorts => typeof(Ports).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(constant => constant.IsLiteral && constant.FieldType == typeof(int)).Select(constant => (int)constant.GetRawConstantValue()!);

    static IEnumerable<int> EveryPort => PortSets.SelectMany(set => set.All()).Concat(SinglePorts).Distinct();

    static IEnumerable<PlatformService> EveryProgram => PlatformServices.Programs;

    static IEnumerable<(string Path, string[] Lines)> RepositoryFiles()
    {
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(Repository.Root)]);
        while (pending.TryPop(out var directory))
        {
            foreach (var child in directory.EnumerateDirectories().Where(d => !SkippedDirectories.Contains(d.Name))) pending.Push(child);
            foreach (var file in directory.EnumerateFiles())
            {
                if (SkippedExtensions.Contains(file.Extension) || !ScannedExtensions.Contains(file.Extension)) continue;
                if (file.Extension.Length == 0 && !IsScript(file)) continue;
                yield return (Path.GetRelativePath(Repository.Root, file.FullName), File.ReadAllLines(file.FullName));
            }
        }
    }

    static bool IsScript(FileInfo file)
    {
        using var reader = file.OpenText();
        return reader.ReadLine() is { } first && first.StartsWith("#!", StringComparison.Ordinal);
    }

    static List<string> Find(Func<string, string, bool> offends) =>
        [.. RepositoryFiles().SelectMany(file => file.Lines.Select((line, index) => (file.Path, Line: index + 1, Text: line)))
            .Where(hit => offends(hit.Path, hit.Text)).Select(hit => $"{hit.Path}:{hit.Line}: {hit.Text.Trim()}")];

    [Fact]
    public void No_port_of_the_topology_is_written_anywhere_else()
    {
        var ports = EveryPort.Select(port => port.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        var copies = Find((_, line) => Number().Matches(line).Any(match => ports.Contains(match.Value)));
        Assert.True(copies.Count == 0, "ports written outside Topology/:\n" + string.Join('\n', copies));
    }

    [Fact]
    public void No_service_address_or_name_is_written_anywhere_else()
    {
        var names = EveryProgram.Select(service => service.Name)
            .Concat(PlatformServices.WithDatabase.Select(service => service.Database))
            .Concat([PlatformResources.Redis, PlatformResources.RabbitMq]).ToHashSet();
        var copies = Find((path, line) =>
            names.Any(name => ServiceAddress().Matches(line).Any(match => match.Groups["host"].Value == name))
            || (path.EndsWith(".cs", StringComparison.Ordinal) && !path.StartsWith(PageModels, StringComparison.Ordinal)
                && !line.TrimStart().StartsWith("//", StringComparison.Ordinal) && StringLiteral().Matches(line).Any(match =>
                names.Contains(match.Groups["text"].Value) && !IsJsonOrTableName(line, match.Index))));
        Assert.True(copies.Count == 0, "service or resource names written outside Topology/:\n" + string.Join('\n', copies));
    }

    /// <summary>"comments" and "posts" are also JSON property and table names, which are not the services'; a manifest's
    /// `["type"] = "rabbitmq"` names KEDA's scaler, not our server.</summary>
    static bool IsJsonOrTableName(string line, int index)
    {
        var before = line[..index].TrimEnd();
        if (before.EndsWith("[\"type\"] =", StringComparison.Ordinal)) return true;
        return before.EndsWith("GetProperty(", StringComparison.Ordinal) || before.EndsWith("TryGetProperty(", StringComparison.Ordinal)
            || before.EndsWith("ToTable(", StringComparison.Ordinal) || before.EndsWith("JsonPropertyName(", StringComparison.Ordinal)
            || before.EndsWith('[') || before.EndsWith("?[", StringComparison.Ordinal) || before.EndsWith("table:", StringComparison.Ordinal);
    }

    [Fact]
    public void Every_route_of_the_gateway_goes_to_a_service_of_the_topology_and_every_service_has_a_route()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, PlatformServices.Gateway.ProjectDirectory, "appsettings.json")));
        var clusters = settings.RootElement.GetProperty("ReverseProxy").GetProperty("Routes").EnumerateObject()
            .Select(route => route.Value.GetProperty("ClusterId").GetString()!).ToHashSet();

        Assert.Subset(PlatformServices.Downstream.Select(service => service.Name).ToHashSet(), clusters);
        Assert.Equal(PlatformServices.Downstream.Select(service => service.Name).Order(), clusters.Order());
    }

    [Fact]
    public void No_two_ways_of_running_the_platform_share_a_port()
    {
        var owners = PortSets.SelectMany((set, index) => set.All().Select(port => (port, owner: $"set {index}")))
            .Concat(SinglePorts.Except(PortSets.SelectMany(set => set.All())).Select(port => (port, owner: $"single {port}")))
            .GroupBy(entry => entry.port).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
        Assert.True(owners.Count == 0, "ports taken twice: " + string.Join(", ", owners));
    }

    [Fact]
    public void The_grep_finds_a_copied_port_and_a_copied_address()
    {
        // The rules above must catch what they are for (a port in a script, an address in C#).
        Assert.Contains(EveryPort, port => Number().Matches($"require_free_ports {port}").Any(match => match.Value == port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Matches(StringLiteral(), $"AddMessaging<PostsDbContext>(\"{PlatformServices.Posts.Name}\"");
        Assert.False(IsJsonOrTableName($"Messaging(\"{PlatformServices.Posts.Name}\"", "Messaging(".Length));
        Assert.True(IsJsonOrTableName($"thread.GetProperty(\"{PlatformServices.Comments.Name}\")", "thread.GetProperty(".Length));
    }

    [GeneratedRegex(@"(?<![\w.])\d{4,5}(?![\w.])")] private static partial Regex Number();
    [GeneratedRegex("\"(?<text>[a-z]+)\"")] private static partial Regex StringLiteral();
    /// <summary>`http://name` as a whole host (not `http://web.example` nor `http://webfinger.net`).</summary>
    [GeneratedRegex(@"http://(?<host>[a-z]+)(?![\w.-])")] private static partial Regex ServiceAddress();
}
