using Blog.Topology;
using Microsoft.Extensions.Logging.Abstractions;

namespace Blog.AppHost.Kubernetes;

/// <summary>One setting of a program in a pod: a plain value (its ConfigMap), a key of a Secret, or a value
/// composed of settings before it (`$(NAME)`, expanded by Kubernetes).</summary>
public abstract record PodSetting(string Name);
public sealed record PlainSetting(string Name, string Value) : PodSetting(Name);
public sealed record SecretSetting(string Name, string Secret, string Key, bool Optional = false) : PodSetting(Name);
public sealed record ComposedSetting(string Name, string Value) : PodSetting(Name);

/// <summary>A program of the platform as the AppHost model describes it, its settings translated for a cluster.</summary>
public sealed record DeployedProgram(
    PlatformService Service, int Replicas, string ReadinessPath, string LivenessPath, bool Public, IReadOnlyList<PodSetting> Settings)
{
    /// <summary>The image the project's container properties name (`ContainerRepository`, checked at build).</summary>
    public string Image => $"blog/{Service.Name}";

    /// <summary>Reads every program of the model, with the environment the AppHost gives it when publishing.</summary>
    public static async Task<IReadOnlyList<DeployedProgram>> ReadAsync(IResourceCollection resources, DistributedApplicationExecutionContext context)
    {
        var programs = new List<DeployedProgram>();
        foreach (var project in resources.OfType<ProjectResource>())
        {
            var service = PlatformServices.Programs.SingleOrDefault(s => s.Name == project.Name)
                ?? throw new InvalidOperationException($"The AppHost runs '{project.Name}', which the topology does not describe.");
            var configuration = await ExecutionConfigurationBuilder.Create(project).WithEnvironmentVariablesConfig()
                .BuildAsync(context, NullLogger.Instance, CancellationToken.None);
            if (configuration.Exception is { } failure) throw failure;

            var settings = new List<PodSetting>();
            foreach (var (name, (unprocessed, _)) in configuration.EnvironmentVariablesWithUnprocessed.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                // A plain parameter is a value of the deployment: its default here, an overlay's own there.
                var value = unprocessed is ParameterResource { Secret: false } parameter ? await parameter.GetValueAsync(CancellationToken.None) : unprocessed;
                settings.AddRange(PodSettings.Translate(name, value));
            }
            string? ProbePath(ProbeType type) => project.Annotations.OfType<EndpointProbeAnnotation>().SingleOrDefault(probe => probe.Type == type)?.Path;
            var readiness = ProbePath(ProbeType.Readiness) ?? throw new InvalidOperationException($"The AppHost gives '{project.Name}' no readiness probe.");
            programs.Add(new DeployedProgram(
                service,
                project.GetReplicaCount(),
                readiness,
                // Every program answers /alive while it runs.
                ProbePath(ProbeType.Liveness) ?? ProgramLifecycle.AlivePath,
                project.Annotations.OfType<EndpointAnnotation>().Any(endpoint => endpoint.IsExternal),
                settings));
        }
        return programs;
    }
}
