using Blog.Topology;
using k8s.Models;

namespace Blog.AppHost.Kubernetes;

/// <summary>A program's objects in the base: its settings (ConfigMap), Deployment, Service and disruption budget.</summary>
public static class ProgramManifests
{
    /// <summary>Optional: `OTEL_EXPORTER_OTLP_ENDPOINT` and friends, for a cluster with a collector.</summary>
    public const string TelemetrySettings = "blog-telemetry";

    /// <summary>Time for the Service's endpoints to drop a stopping pod before it stops taking requests.</summary>
    static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(5);

    public static string SettingsName(PlatformService service) => $"{service.Name}-settings";

    public static Dictionary<string, string> Labels(PlatformService service) => Stores.Labels(service.Name,
        service == PlatformServices.Gateway ? "entry" : service == PlatformServices.Web ? "site" : "api");

    static Dictionary<string, string> Selector(PlatformService service) => new() { ["app.kubernetes.io/name"] = service.Name };

    public static IEnumerable<object> Objects(DeployedProgram program)
    {
        var service = program.Service;
        yield return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new() { Name = SettingsName(service), Labels = Labels(service) },
            Data = program.Settings.OfType<PlainSetting>().ToDictionary(setting => setting.Name, setting => setting.Value),
        };
        yield return Deployment(program);
        yield return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new() { Name = service.Name, Labels = Labels(service) },
            Spec = new()
            {
                Selector = Selector(service),
                Ports = [new() { Name = "http", Port = ProgramLifecycle.ContainerPort, TargetPort = "http" }],
            },
        };
        yield return new V1PodDisruptionBudget
        {
            ApiVersion = "policy/v1",
            Kind = "PodDisruptionBudget",
            Metadata = new() { Name = service.Name, Labels = Labels(service) },
            // One pod at a time: a drain never takes a program away, and one replica (small) never blocks it.
            Spec = new() { MaxUnavailable = 1, Selector = new() { MatchLabels = Selector(service) } },
        };
    }

    static V1Deployment Deployment(DeployedProgram program)
    {
        var service = program.Service;
        var capacity = Capacity.Of(service);
        var env = program.Settings.Select(setting => setting switch
        {
            SecretSetting secret => new V1EnvVar
            {
                Name = secret.Name,
                ValueFrom = new() { SecretKeyRef = new() { Name = secret.Secret, Key = secret.Key, Optional = secret.Optional ? true : null } },
            },
            ComposedSetting composed => new V1EnvVar { Name = composed.Name, Value = composed.Value },
            _ => null,
        }).OfType<V1EnvVar>().ToList();

        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new() { Name = service.Name, Labels = Labels(service) },
            Spec = new()
            {
                Replicas = program.Replicas,
                Selector = new() { MatchLabels = Selector(service) },
                Strategy = new() { Type = "RollingUpdate", RollingUpdate = new() { MaxUnavailable = 0, MaxSurge = 1 } },
                Template = new()
                {
                    Metadata = new() { Labels = Labels(service) },
                    Spec = new()
                    {
                        AutomountServiceAccountToken = false,
                        // The drain, then the host's shutdown timeout, then a margin before the kill.
                        TerminationGracePeriodSeconds = (long)(DrainDelay + ProgramLifecycle.ShutdownTimeout).TotalSeconds + 5,
                        SecurityContext = new()
                        {
                            RunAsNonRoot = true,
                            RunAsUser = ContainerUser,
                            RunAsGroup = ContainerUser,
                            FsGroup = ContainerUser,
                            SeccompProfile = new() { Type = "RuntimeDefault" },
                        },
                        TopologySpreadConstraints =
                        [
                            Spread(service, "kubernetes.io/hostname"),
                            Spread(service, "topology.kubernetes.io/zone"),
                        ],
                        Containers =
                        [
                            new()
                            {
                                Name = service.Name,
                                Image = $"{program.Image}:latest",
                                Ports = [new() { Name = "http", ContainerPort = ProgramLifecycle.ContainerPort }],
                                EnvFrom =
                                [
                                    new() { ConfigMapRef = new() { Name = SettingsName(service) } },
                                    new() { ConfigMapRef = new() { Name = TelemetrySettings, Optional = true } },
                                ],
                                Env = env,
                                // Starting runs the database migrations: up to two minutes before the liveness probe counts.
                                StartupProbe = HttpProbe(program.LivenessPath, periodSeconds: 2, failureThreshold: 60),
                                ReadinessProbe = HttpProbe(program.ReadinessPath, periodSeconds: 5, failureThreshold: 3),
                                LivenessProbe = HttpProbe(program.LivenessPath, periodSeconds: 10, failureThreshold: 6),
                                Lifecycle = new() { PreStop = new() { Sleep = new() { Seconds = (long)DrainDelay.TotalSeconds } } },
                                Resources = new()
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(capacity.CpuRequest), ["memory"] = new(capacity.MemoryRequest) },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(capacity.CpuLimit), ["memory"] = new(capacity.MemoryLimit) },
                                },
                                SecurityContext = ContainerSecurity(),
                                // The root filesystem is read-only; the runtime's temporary files go here.
                                VolumeMounts = [new() { Name = "tmp", MountPath = "/tmp" }],
                            },
                        ],
                        Volumes = [new() { Name = "tmp", EmptyDir = new() { SizeLimit = new ResourceQuantity("64Mi") } }],
                    },
                },
            },
        };
    }

    /// <summary>The user the images run as (`ContainerUser`, Directory.Build.targets): the aspnet image's `app`.</summary>
    const long ContainerUser = 1654;

    public static V1SecurityContext ContainerSecurity() => new()
    {
        AllowPrivilegeEscalation = false,
        ReadOnlyRootFilesystem = true,
        Capabilities = new() { Drop = ["ALL"] },
    };

    static V1Probe HttpProbe(string path, int periodSeconds, int failureThreshold) => new()
    {
        HttpGet = new() { Path = path, Port = "http" },
        PeriodSeconds = periodSeconds,
        FailureThreshold = failureThreshold,
        TimeoutSeconds = 3,
    };

    static V1TopologySpreadConstraint Spread(PlatformService service, string topologyKey) => new()
    {
        MaxSkew = 1,
        TopologyKey = topologyKey,
        WhenUnsatisfiable = "ScheduleAnyway",
        LabelSelector = new() { MatchLabels = Selector(service) },
    };

    /// <summary>The public entry: every request for the site's host goes to the program with an external endpoint.</summary>
    public static V1Ingress Ingress(DeployedProgram entry) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "Ingress",
        Metadata = new() { Name = "blog", Labels = Labels(entry.Service) },
        Spec = new()
        {
            Tls = [new() { Hosts = [PublicHost], SecretName = "blog-tls" }],
            Rules =
            [
                new()
                {
                    Host = PublicHost,
                    Http = new()
                    {
                        Paths =
                        [
                            new()
                            {
                                Path = "/",
                                PathType = "Prefix",
                                Backend = new() { Service = new() { Name = entry.Service.Name, Port = new() { Name = "http" } } },
                            },
                        ],
                    },
                },
            ],
        },
    };

    /// <summary>The site's public host name in the base; an overlay replaces it with the real one.</summary>
    public const string PublicHost = "blog.example.com";
}
