using System.Text.RegularExpressions;
using Blog.AppHost.Kubernetes;
using Blog.Topology;
using k8s;
using k8s.Models;
using YamlDotNet.Serialization;

namespace Blog.Kubernetes.Tests;

/// <summary>
/// The committed Kubernetes manifests are what the AppHost writes now, load strictly as the objects they claim
/// to be, and keep the rules a cluster relies on. No cluster runs here: this is their proof offline.
/// </summary>
public sealed partial class ManifestTests
{
    static readonly string Committed = Path.Combine(Repository.Root, KubernetesManifests.Folder);

    /// <summary>The built-in kinds the manifests use, loaded strictly (an unknown field fails).</summary>
    static readonly Dictionary<string, Type> BuiltIn = new()
    {
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["v1/Service"] = typeof(V1Service),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["apps/v1/StatefulSet"] = typeof(V1StatefulSet),
        ["policy/v1/PodDisruptionBudget"] = typeof(V1PodDisruptionBudget),
        ["networking.k8s.io/v1/Ingress"] = typeof(V1Ingress),
        ["autoscaling/v2/HorizontalPodAutoscaler"] = typeof(V2HorizontalPodAutoscaler),
    };

    /// <summary>The operators' kinds, with the fields each must have.</summary>
    static readonly Dictionary<string, string[]> Custom = new()
    {
        ["postgresql.cnpg.io/v1/Cluster"] = ["instances", "storage", "bootstrap"],
        ["rabbitmq.com/v1beta1/RabbitmqCluster"] = ["replicas", "persistence"],
        ["keda.sh/v1alpha1/ScaledObject"] = ["scaleTargetRef", "minReplicaCount", "maxReplicaCount", "triggers"],
    };

    static IEnumerable<PlatformService> Programs => PlatformServices.Programs;

    [Fact]
    public async Task The_committed_manifests_are_what_the_AppHost_writes()
    {
        var written = await KubernetesManifests.GenerateAsync();
        var committed = Directory.EnumerateFiles(Committed, "*", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(Committed, path).Replace('\\', '/'), File.ReadAllText);
        Assert.Equal(written.Keys.Order(StringComparer.Ordinal), committed.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, text) in written)
        {
            Assert.True(committed[path] == text, $"{KubernetesManifests.Folder}/{path} differs from what the AppHost writes: run ./blog deploy kubernetes");
        }
    }

    [Fact]
    public void Every_object_loads_strictly_as_its_kind()
    {
        var objects = Objects().ToList();
        Assert.NotEmpty(objects);
        foreach (var (file, kind, text, _) in objects)
        {
            if (BuiltIn.TryGetValue(kind, out var type))
            {
                var load = typeof(KubernetesYaml).GetMethods().Single(method => method.Name == nameof(KubernetesYaml.Deserialize)
                    && method.IsGenericMethod && method.GetParameters() is [{ ParameterType.Name: "String" }, _]).MakeGenericMethod(type);
                Assert.NotNull(load.Invoke(null, [text, true]));
            }
            else
            {
                Assert.True(Custom.TryGetValue(kind, out var required), $"{file}: {kind} is neither a built-in kind nor an operator's we know");
                var spec = Spec(Parse(text));
                foreach (var field in required) Assert.True(spec.ContainsKey(field), $"{file}: {kind} has no spec.{field}");
            }
        }
    }

    [Fact]
    public void Each_program_is_a_hardened_probed_sized_Deployment_with_a_Service_and_a_disruption_budget()
    {
        var deployments = Loaded<V1Deployment>();
        var services = Loaded<V1Service>();
        var budgets = Loaded<V1PodDisruptionBudget>();
        foreach (var program in Programs)
        {
            var deployment = Assert.Single(deployments, d => d.Metadata.Name == program.Name);
            var pod = deployment.Spec.Template.Spec;
            var container = Assert.Single(pod.Containers);

            Assert.Equal(deployment.Spec.Selector.MatchLabels, deployment.Spec.Template.Metadata.Labels.Where(l => deployment.Spec.Selector.MatchLabels.ContainsKey(l.Key)));
            Assert.Equal($"blog/{program.Name}", container.Image.Split(':')[0]);
            Assert.Equal(ProgramLifecycle.ContainerPort, Assert.Single(container.Ports).ContainerPort);

            Assert.Contains(container.ReadinessProbe.HttpGet.Path, new[] { ProgramLifecycle.HealthPath, ProgramLifecycle.AlivePath });
            Assert.Equal(ProgramLifecycle.AlivePath, container.LivenessProbe.HttpGet.Path);
            foreach (var resource in new[] { "cpu", "memory" })
            {
                Assert.True(container.Resources.Requests.ContainsKey(resource), $"{program.Name}: no {resource} request");
                Assert.True(container.Resources.Limits.ContainsKey(resource), $"{program.Name}: no {resource} limit");
            }

            Assert.True(pod.SecurityContext.RunAsNonRoot);
            Assert.NotEqual(0, pod.SecurityContext.RunAsUser);
            Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
            Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
            Assert.Contains("ALL", container.SecurityContext.Capabilities.Drop);
            // The pod outlives the host's own shutdown timeout, so in-flight work finishes before the kill.
            Assert.True(pod.TerminationGracePeriodSeconds > ProgramLifecycle.ShutdownTimeout.TotalSeconds);
            Assert.NotEmpty(pod.TopologySpreadConstraints);

            var service = Assert.Single(services, s => s.Metadata.Name == program.Name);
            Assert.All(service.Spec.Selector, label => Assert.Equal(label.Value, deployment.Spec.Template.Metadata.Labels[label.Key]));
            var budget = Assert.Single(budgets, b => b.Metadata.Name == program.Name);
            Assert.All(budget.Spec.Selector.MatchLabels, label => Assert.Equal(label.Value, deployment.Spec.Template.Metadata.Labels[label.Key]));
        }
    }

    [Fact]
    public void Every_Service_selects_pods_that_exist_and_the_ingress_reaches_the_gateway()
    {
        var podLabels = Loaded<V1Deployment>().Select(d => d.Spec.Template.Metadata.Labels)
            .Concat(Loaded<V1StatefulSet>().Select(s => s.Spec.Template.Metadata.Labels)).ToList();
        foreach (var service in Loaded<V1Service>())
        {
            Assert.Contains(podLabels, labels => service.Spec.Selector.All(selected => labels.TryGetValue(selected.Key, out var value) && value == selected.Value));
        }
        var backend = Assert.Single(Assert.Single(Loaded<V1Ingress>()).Spec.Rules.SelectMany(rule => rule.Http.Paths)).Backend.Service;
        Assert.Equal(PlatformServices.Gateway.Name, backend.Name);
        Assert.Contains(Loaded<V1Service>(), service => service.Metadata.Name == backend.Name && service.Spec.Ports.Any(port => port.Name == backend.Port.Name));
    }

    [Fact]
    public void Every_gateway_route_leads_to_a_Service()
    {
        using var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, PlatformServices.Gateway.ProjectDirectory, "appsettings.json")));
        var clusters = settings.RootElement.GetProperty("ReverseProxy").GetProperty("Routes").EnumerateObject()
            .Select(route => route.Value.GetProperty("ClusterId").GetString()!).ToHashSet();
        var services = Loaded<V1Service>().Select(service => service.Metadata.Name).ToHashSet();
        Assert.NotEmpty(clusters);
        // A cluster is named after the program it reaches (gateway/Downstreams.cs), found by its Service's name.
        foreach (var cluster in clusters) Assert.True(services.Contains(cluster), $"the gateway routes to {cluster}, which has no Service");
    }

    [Fact]
    public void Every_setting_a_program_reads_is_provided_and_no_secret_sits_in_a_ConfigMap()
    {
        var deployments = Loaded<V1Deployment>();
        var configMaps = Loaded<V1ConfigMap>();
        foreach (var program in Programs)
        {
            var container = deployments.Single(d => d.Metadata.Name == program.Name).Spec.Template.Spec.Containers[0];
            var provided = container.Env.Select(e => e.Name)
                .Concat(container.EnvFrom.Where(source => source.ConfigMapRef.Optional != true)
                    .SelectMany(source => configMaps.Single(map => map.Metadata.Name == source.ConfigMapRef.Name).Data.Keys))
                .ToHashSet();

            // What every program reads: Redis (sessions, caches, limits); a service owning data also its database and the bus.
            List<string> required = [$"ConnectionStrings__{PlatformResources.Redis}"];
            if (program is DataService data) required.AddRange([$"ConnectionStrings__{data.Database}", $"ConnectionStrings__{PlatformResources.RabbitMq}"]);
            // Every program but Identity validates tokens against Identity's keys.
            if (program != PlatformServices.Identity) required.Add($"services__{PlatformServices.Identity.Name}__http__0");
            // The gateway routes to every other program.
            if (program == PlatformServices.Gateway) required.AddRange(PlatformServices.Downstream.Select(d => $"services__{d.Name}__http__0"));
            foreach (var name in required) Assert.True(provided.Contains(name), $"{program.Name} is not given {name}");

            // A composed value only uses settings defined before it in the container.
            var defined = new HashSet<string>();
            foreach (var variable in container.Env)
            {
                foreach (Match reference in Reference().Matches(variable.Value ?? ""))
                    Assert.True(defined.Contains(reference.Groups[1].Value), $"{program.Name}: {variable.Name} uses $({reference.Groups[1].Value}) before it is defined");
                defined.Add(variable.Name);
            }
        }
        foreach (var map in configMaps)
        {
            foreach (var (key, value) in map.Data)
            {
                Assert.False(SecretName().IsMatch(key), $"{map.Metadata.Name}: {key} looks like a secret; it belongs in a Secret");
                Assert.False(value.Contains("password=", StringComparison.OrdinalIgnoreCase), $"{map.Metadata.Name}: {key} carries a password");
            }
        }
    }

    [Fact]
    public void Nothing_points_at_this_machine()
    {
        foreach (var (file, _, text, _) in Objects())
        {
            Assert.DoesNotContain("localhost", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Each_image_is_described_by_its_project()
    {
        foreach (var program in Programs)
        {
            var project = Directory.EnumerateFiles(Path.Combine(Repository.Root, program.ProjectDirectory), "*.csproj").Single();
            Assert.Contains($"<ContainerRepository>blog/{program.Name}</ContainerRepository>", File.ReadAllText(project));
        }
    }

    [Fact]
    public void The_production_overlay_scales_what_the_base_has()
    {
        var production = Path.Combine(Committed, "overlays", "production");
        var kustomization = Parse(File.ReadAllText(Path.Combine(production, "kustomization.yaml")));
        var deployments = Loaded<V1Deployment>().ToDictionary(d => d.Metadata.Name);
        foreach (Dictionary<object, object> replicas in (List<object>)kustomization["replicas"])
            Assert.True(deployments.ContainsKey((string)replicas["name"]), $"replicas for {replicas["name"]}, which the base does not have");
        var baseNames = Objects().Where(o => o.File.StartsWith("base/", StringComparison.Ordinal)).Select(o => (o.Kind.Split('/')[^1], o.Name)).ToHashSet();
        foreach (Dictionary<object, object> patch in (List<object>)kustomization["patches"])
        {
            var target = (Dictionary<object, object>)patch["target"];
            Assert.Contains(((string)target["kind"], (string)target["name"]), baseNames);
        }

        var scaled = Objects().Where(o => o.File == "overlays/production/autoscaling.yaml").ToList();
        foreach (var program in Programs)
        {
            var scaler = Assert.Single(scaled, o => o.Name == program.Name);
            if (program is not DataService)
            {
                Assert.Equal("autoscaling/v2/HorizontalPodAutoscaler", scaler.Kind);
                continue;
            }
            // A consumer scales on its queues through KEDA, reading RabbitMQ's address and account from its own pod.
            Assert.Equal("keda.sh/v1alpha1/ScaledObject", scaler.Kind);
            var spec = Spec(Parse(scaler.Text));
            var rabbit = ((List<object>)spec["triggers"]).Cast<Dictionary<object, object>>().Single(t => (string)t["type"] != "cpu");
            var metadata = (Dictionary<object, object>)rabbit["metadata"];
            Assert.Equal($"^{program.Name}-.*", metadata["queueName"]);
            var env = deployments[program.Name].Spec.Template.Spec.Containers[0].Env.Select(e => e.Name).ToHashSet();
            foreach (var key in new[] { "hostFromEnv", "usernameFromEnv", "passwordFromEnv" }) Assert.Contains((string)metadata[key], env);
            Assert.True(Convert.ToInt32(spec["minReplicaCount"], System.Globalization.CultureInfo.InvariantCulture)
                <= Convert.ToInt32(spec["maxReplicaCount"], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    static List<T> Loaded<T>() where T : class =>
        Objects().Where(o => BuiltIn.TryGetValue(o.Kind, out var type) && type == typeof(T)).Select(o => KubernetesYaml.Deserialize<T>(o.Text, strict: true)).ToList();

    /// <summary>Every object of every committed file but the kustomizations: (file, apiVersion/kind, its YAML, its name).</summary>
    static IEnumerable<(string File, string Kind, string Text, string Name)> Objects()
    {
        foreach (var path in Directory.EnumerateFiles(Committed, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(path) == "kustomization.yaml") continue;
            var file = Path.GetRelativePath(Committed, path).Replace('\\', '/');
            foreach (var document in File.ReadAllText(path).Split("\n---\n"))
            {
                var fields = Parse(document);
                var metadata = (Dictionary<object, object>)fields["metadata"];
                yield return (file, $"{fields["apiVersion"]}/{fields["kind"]}", document, (string)metadata["name"]);
            }
        }
    }

    static Dictionary<object, object> Parse(string yaml) => new Deserializer().Deserialize<Dictionary<object, object>>(yaml);

    static Dictionary<object, object> Spec(Dictionary<object, object> fields) => (Dictionary<object, object>)fields["spec"];

    [GeneratedRegex(@"\$\(([A-Za-z0-9_]+)\)")] private static partial Regex Reference();
    [GeneratedRegex("password|secret|token|connectionstrings|__key$", RegexOptions.IgnoreCase)] private static partial Regex SecretName();
}
