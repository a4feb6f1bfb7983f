using Blog.Topology;

namespace Blog.AppHost.Kubernetes;

/// <summary>
/// PostgreSQL, RabbitMQ and Redis as their operators run them in a cluster, and how a program's connection
/// strings are made from the Secrets those operators create.
///
/// PostgreSQL: one CloudNativePG `Cluster` per service database, so each service's data keeps the isolation
/// it has here (its own role, nothing shared) and fails over, backs up and scales on its own; the operator
/// creates `{database}-app` (host, port, user, password, database) and the `{database}-rw` Service.
/// RabbitMQ: one `RabbitmqCluster` (RabbitMQ Cluster Operator), whose `{name}-default-user` Secret carries the
/// credentials. Redis: a StatefulSet with an append-only file on a volume; programs find it (or a managed Redis)
/// through the Secret `redis` (host, port, password) the operator creates.
/// </summary>
public static class Stores
{
    const string PostgresApi = "postgresql.cnpg.io/v1", RabbitMqApi = "rabbitmq.com/v1beta1";

    /// <summary>A consumer's settings naming RabbitMQ's management address and account, for KEDA's queue-depth trigger.</summary>
    public static string RabbitMqManagementSetting => $"{PlatformResources.RabbitMq.ToUpperInvariant()}_MANAGEMENT";
    public static string RabbitMqUserSetting => $"{PlatformResources.RabbitMq.ToUpperInvariant()}_USERNAME";
    public static string RabbitMqPasswordSetting => $"{PlatformResources.RabbitMq.ToUpperInvariant()}_PASSWORD";

    /// <summary>The settings that make connection string `name` (`ConnectionStrings__postsdb`) in a pod.</summary>
    public static IEnumerable<PodSetting> ConnectionSettings(string name, string resource)
    {
        var prefix = resource.ToUpperInvariant();
        if (resource == PlatformResources.Redis)
        {
            // The operator's Secret `redis` (host, port, password): the StatefulSet below, or a managed Redis.
            return
            [
                .. FromSecret(prefix, resource, "host", "port", "password"),
                new ComposedSetting(name, $"$({prefix}_HOST):$({prefix}_PORT),password=$({prefix}_PASSWORD)"),
            ];
        }
        if (resource == PlatformResources.RabbitMq)
        {
            return
            [
                .. FromSecret(prefix, $"{resource}-default-user", "username", "password", "host", "port"),
                new ComposedSetting(name, $"amqp://$({prefix}_USERNAME):$({prefix}_PASSWORD)@$({prefix}_HOST):$({prefix}_PORT)/"),
                // Where KEDA reads the queues' depths, with the credentials above (Autoscaling).
                new ComposedSetting(RabbitMqManagementSetting, $"http://$({prefix}_HOST):15672/"),
            ];
        }
        if (PlatformServices.WithDatabase.Any(service => service.Database == resource))
        {
            return
            [
                .. FromSecret(prefix, $"{resource}-app", "host", "port", "username", "password", "dbname"),
                new ComposedSetting(name,
                    $"Host=$({prefix}_HOST);Port=$({prefix}_PORT);Username=$({prefix}_USERNAME);Password=$({prefix}_PASSWORD);Database=$({prefix}_DBNAME)"),
            ];
        }
        throw new InvalidOperationException($"{name}: no store in the cluster provides connection string '{resource}'.");
    }

    /// <summary>A setting `{PREFIX}_{KEY}` per key of the Secret, in the order given.</summary>
    static IEnumerable<PodSetting> FromSecret(string prefix, string secret, params string[] keys) =>
        keys.Select(key => new SecretSetting($"{prefix}_{key.ToUpperInvariant()}", secret, key));

    /// <summary>The stores' objects for the base: one replica each; the production overlay raises them.</summary>
    public static IEnumerable<object> Objects()
    {
        foreach (var service in PlatformServices.WithDatabase)
        {
            yield return new Dictionary<string, object>
            {
                ["apiVersion"] = PostgresApi,
                ["kind"] = "Cluster",
                ["metadata"] = Metadata(service.Database, "database"),
                ["spec"] = new Dictionary<string, object>
                {
                    ["instances"] = 1,
                    ["storage"] = new Dictionary<string, object> { ["size"] = "10Gi" },
                    ["bootstrap"] = new Dictionary<string, object>
                    {
                        ["initdb"] = new Dictionary<string, object> { ["database"] = service.Database, ["owner"] = service.Name },
                    },
                    ["resources"] = Resources("250m", "512Mi", "1Gi"),
                },
            };
        }

        yield return new Dictionary<string, object>
        {
            ["apiVersion"] = RabbitMqApi,
            ["kind"] = "RabbitmqCluster",
            ["metadata"] = Metadata(PlatformResources.RabbitMq, "broker"),
            ["spec"] = new Dictionary<string, object>
            {
                ["replicas"] = 1,
                ["persistence"] = new Dictionary<string, object> { ["storage"] = "10Gi" },
                ["resources"] = Resources("250m", "512Mi", "1Gi"),
            },
        };
    }

    /// <summary>Redis with an append-only file on a volume: a restart keeps view counts not yet flushed and the rate limits' windows.</summary>
    public static IEnumerable<object> Redis()
    {
        var name = PlatformResources.Redis;
        var labels = Labels(name, "cache");
        yield return new k8s.Models.V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new() { Name = name, Labels = labels },
            Spec = new()
            {
                Selector = labels,
                Ports = [new() { Name = name, Port = 6379, TargetPort = 6379 }],
            },
        };
        yield return new k8s.Models.V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = new() { Name = name, Labels = labels },
            Spec = new()
            {
                ServiceName = name,
                Replicas = 1,
                Selector = new() { MatchLabels = labels },
                Template = new()
                {
                    Metadata = new() { Labels = labels },
                    Spec = new()
                    {
                        SecurityContext = new() { RunAsNonRoot = true, RunAsUser = 999, FsGroup = 999, SeccompProfile = new() { Type = "RuntimeDefault" } },
                        Containers =
                        [
                            new()
                            {
                                Name = name,
                                Image = "redis:7.4",
                                Args = ["--appendonly", "yes", "--requirepass", "$(REDIS_PASSWORD)", "--maxmemory-policy", "noeviction"],
                                Env = [new() { Name = "REDIS_PASSWORD", ValueFrom = new() { SecretKeyRef = new() { Name = name, Key = "password" } } }],
                                Ports = [new() { Name = name, ContainerPort = 6379 }],
                                ReadinessProbe = new() { TcpSocket = new() { Port = 6379 }, PeriodSeconds = 5 },
                                LivenessProbe = new() { TcpSocket = new() { Port = 6379 }, PeriodSeconds = 10 },
                                Resources = new()
                                {
                                    Requests = new Dictionary<string, k8s.Models.ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("256Mi") },
                                    Limits = new Dictionary<string, k8s.Models.ResourceQuantity> { ["memory"] = new("1Gi") },
                                },
                                SecurityContext = ProgramManifests.ContainerSecurity(),
                                VolumeMounts = [new() { Name = "data", MountPath = "/data" }],
                            },
                        ],
                    },
                },
                VolumeClaimTemplates =
                [
                    new()
                    {
                        Metadata = new() { Name = "data" },
                        Spec = new()
                        {
                            AccessModes = ["ReadWriteOnce"],
                            Resources = new() { Requests = new Dictionary<string, k8s.Models.ResourceQuantity> { ["storage"] = new("5Gi") } },
                        },
                    },
                ],
            },
        };
    }

    /// <summary>The production overlay's patches: three PostgreSQL instances per database, three RabbitMQ nodes.</summary>
    public static IEnumerable<(string Kind, string Name, string Patch)> ProductionPatches()
    {
        foreach (var service in PlatformServices.WithDatabase)
        {
            yield return ("Cluster", service.Database, $"apiVersion: {PostgresApi}\nkind: Cluster\nmetadata:\n  name: {service.Database}\nspec:\n  instances: 3\n  storage:\n    size: 50Gi\n");
        }
        yield return ("RabbitmqCluster", PlatformResources.RabbitMq,
            $"apiVersion: {RabbitMqApi}\nkind: RabbitmqCluster\nmetadata:\n  name: {PlatformResources.RabbitMq}\nspec:\n  replicas: 3\n");
    }

    static Dictionary<string, object> Metadata(string name, string component) => new()
    {
        ["name"] = name,
        ["labels"] = Labels(name, component),
    };

    public static Dictionary<string, string> Labels(string name, string component) => new()
    {
        ["app.kubernetes.io/name"] = name,
        ["app.kubernetes.io/component"] = component,
        ["app.kubernetes.io/part-of"] = "blog",
    };

    static Dictionary<string, object> Resources(string cpu, string memory, string memoryLimit) => new()
    {
        ["requests"] = new Dictionary<string, object> { ["cpu"] = cpu, ["memory"] = memory },
        ["limits"] = new Dictionary<string, object> { ["memory"] = memoryLimit },
    };
}
