using System.Globalization;
using System.Text;
using Blog.Topology;
using k8s;

namespace Blog.AppHost.Kubernetes;

/// <summary>
/// The Kubernetes manifests of the platform, written from the AppHost's model (`./blog deploy kubernetes`):
/// a Kustomize base (every program, the stores, the ingress) and two overlays, `small` (the base: one
/// replica each) and `production` (replicas, autoscaling, replicated stores).
/// </summary>
public static class KubernetesManifests
{
    /// <summary>Where the repository keeps them; a test writes them again and compares.</summary>
    public const string Folder = "deploy/kubernetes";

    const string Header = "# Written by `./blog deploy kubernetes` from the AppHost's model: do not edit, change the AppHost and write them again.\n";

    /// <summary>The AppHost's model when publishing: secrets are referred to by name, never read or made.</summary>
    public static IDistributedApplicationBuilder ModelBuilder()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--operation", "publish", "--Blog:SecureCookies=true"],
            DisableDashboard = true,
        });
        return builder.AddBlogPlatform(PlatformSettings.Read(builder));
    }

    /// <summary>Every file by its path under <see cref="Folder"/>.</summary>
    public static async Task<SortedDictionary<string, string>> GenerateAsync()
    {
        var builder = ModelBuilder();
        var programs = await DeployedProgram.ReadAsync(builder.Resources, builder.ExecutionContext);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);

        var baseResources = new List<string>();
        void Base(string file, IEnumerable<object> objects)
        {
            files[$"base/{file}"] = Documents(objects);
            baseResources.Add(file);
        }
        Base("stores.yaml", Stores.Objects());
        Base("redis.yaml", Stores.Redis());
        foreach (var program in programs) Base($"{program.Service.Name}.yaml", ProgramManifests.Objects(program));
        Base("ingress.yaml", programs.Where(program => program.Public).Select(ProgramManifests.Ingress));
        files["base/kustomization.yaml"] = Kustomization(baseResources, extra: "");

        files["overlays/small/kustomization.yaml"] = Kustomization(["../../base"],
            extra: "# One replica of each program and one instance of each store: the base as it is.\n");

        files["overlays/production/autoscaling.yaml"] = Documents(programs.Select(Autoscaling.For));
        var production = new StringBuilder();
        production.Append("replicas:\n");
        foreach (var program in programs) production.Append(CultureInfo.InvariantCulture, $"- name: {program.Service.Name}\n  count: {Capacity.Of(program.Service).MinReplicas}\n");
        production.Append("patches:\n");
        foreach (var (kind, name, patch) in Stores.ProductionPatches())
        {
            production.Append(CultureInfo.InvariantCulture, $"- target:\n    kind: {kind}\n    name: {name}\n  patch: |-\n");
            foreach (var line in patch.TrimEnd('\n').Split('\n')) production.Append(CultureInfo.InvariantCulture, $"    {line}\n");
        }
        files["overlays/production/kustomization.yaml"] = Kustomization(["../../base", "autoscaling.yaml"], production.ToString());
        return files;
    }

    /// <summary>Writes the manifests into `directory`, replacing the folders it writes (`base`, `overlays`) and nothing else.</summary>
    public static async Task WriteAsync(string directory)
    {
        var files = await GenerateAsync();
        foreach (var folder in files.Keys.Select(path => path.Split('/')[0]).Distinct())
        {
            var path = Path.Combine(directory, folder);
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, text);
        }
    }

    static string Documents(IEnumerable<object> objects) =>
        Header + string.Join("---\n", objects.Select(item => KubernetesYaml.Serialize(item).TrimEnd('\n') + "\n"));

    static string Kustomization(IEnumerable<string> resources, string extra)
    {
        var text = new StringBuilder(Header);
        text.Append("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n");
        text.Append(extra);
        text.Append("resources:\n");
        foreach (var resource in resources) text.Append(CultureInfo.InvariantCulture, $"- {resource}\n");
        return text.ToString();
    }
}
