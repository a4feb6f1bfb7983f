using Blog.Topology;
using k8s.Models;

namespace Blog.AppHost.Kubernetes;

/// <summary>
/// The production overlay's autoscaling. The gateway and the site scale on CPU (a HorizontalPodAutoscaler).
/// The services that own data are also RabbitMQ consumers: a KEDA `ScaledObject` scales each on CPU and on
/// the depth of its queues (`{service}-*`) together; KEDA makes the HorizontalPodAutoscaler itself, and a
/// Deployment must not have two.
/// </summary>
public static class Autoscaling
{
    public static object For(DeployedProgram program)
    {
        var service = program.Service;
        var capacity = Capacity.Of(service);
        if (service is not DataService)
        {
            return new V2HorizontalPodAutoscaler
            {
                ApiVersion = "autoscaling/v2",
                Kind = "HorizontalPodAutoscaler",
                Metadata = new() { Name = service.Name, Labels = ProgramManifests.Labels(service) },
                Spec = new()
                {
                    ScaleTargetRef = new() { ApiVersion = "apps/v1", Kind = "Deployment", Name = service.Name },
                    MinReplicas = capacity.MinReplicas,
                    MaxReplicas = capacity.MaxReplicas,
                    Metrics =
                    [
                        new()
                        {
                            Type = "Resource",
                            Resource = new() { Name = "cpu", Target = new() { Type = "Utilization", AverageUtilization = Capacity.TargetCpuPercent } },
                        },
                    ],
                },
            };
        }

        return new Dictionary<string, object>
        {
            ["apiVersion"] = "keda.sh/v1alpha1",
            ["kind"] = "ScaledObject",
            ["metadata"] = new Dictionary<string, object> { ["name"] = service.Name, ["labels"] = ProgramManifests.Labels(service) },
            ["spec"] = new Dictionary<string, object>
            {
                ["scaleTargetRef"] = new Dictionary<string, object> { ["name"] = service.Name },
                ["minReplicaCount"] = capacity.MinReplicas,
                ["maxReplicaCount"] = capacity.MaxReplicas,
                ["triggers"] = new List<object>
                {
                    new Dictionary<string, object>
                    {
                        ["type"] = "cpu",
                        ["metricType"] = "Utilization",
                        ["metadata"] = new Dictionary<string, object> { ["value"] = Capacity.TargetCpuPercent.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    },
                    new Dictionary<string, object>
                    {
                        ["type"] = "rabbitmq",
                        ["metadata"] = new Dictionary<string, object>
                        {
                            ["protocol"] = "http",
                            ["mode"] = "QueueLength",
                            ["value"] = Capacity.QueueDepthPerReplica.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            // Every queue of the service: MassTransit names them `{service}-{consumer}`.
                            ["queueName"] = $"^{service.Name}-.*",
                            ["useRegex"] = "true",
                            ["operation"] = "sum",
                            ["vhostName"] = "/",
                            ["hostFromEnv"] = Stores.RabbitMqManagementSetting,
                            ["usernameFromEnv"] = Stores.RabbitMqUserSetting,
                            ["passwordFromEnv"] = Stores.RabbitMqPasswordSetting,
                        },
                    },
                },
            },
        };
    }
}
