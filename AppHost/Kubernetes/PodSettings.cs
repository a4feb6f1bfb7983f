using System.Globalization;
using Blog.Topology;

namespace Blog.AppHost.Kubernetes;

/// <summary>Marks a secret parameter a program runs without (the first administrator's account).</summary>
public sealed class OptionalSecretAnnotation : IResourceAnnotation;

/// <summary>
/// Translates what the AppHost hands a program into settings of a pod: references to the servers become
/// the operators' Secrets, references to other programs their Services, secret parameters keys of the
/// platform's Secret. Anything pointing at this machine is refused: no hidden localhost in a cluster.
/// </summary>
public static class PodSettings
{
    /// <summary>The Secret an operator creates before deploying, holding every secret parameter of the model.</summary>
    public const string PlatformSecret = "blog-secrets";

    public static IEnumerable<PodSetting> Translate(string name, object? value) => value switch
    {
        // In a pod a program listens on every address of the pod, on its container port.
        ReferenceExpression when name == "ASPNETCORE_URLS" => [new PlainSetting(name, $"http://+:{ProgramLifecycle.ContainerPort}")],
        ConnectionStringReference reference => Stores.ConnectionSettings(name, reference.Resource.Name),
        EndpointReference endpoint => [new PlainSetting(name, ServiceUrl(endpoint.Resource))],
        ReferenceExpression expression => Translate(name, Evaluate(name, expression)),
        ParameterResource { Secret: true } parameter =>
            [new SecretSetting(name, PlatformSecret, SecretKey(parameter), parameter.Annotations.OfType<OptionalSecretAnnotation>().Any())],
        string text when text.Contains("localhost", StringComparison.OrdinalIgnoreCase) || text.Contains("127.0.0.1", StringComparison.Ordinal) =>
            throw new InvalidOperationException($"{name}={text} points at this machine; a cluster has no such address."),
        string text => [new PlainSetting(name, text)],
        _ => throw new InvalidOperationException($"{name}: no translation for a {value?.GetType().Name ?? "null"} to a pod setting."),
    };

    /// <summary>Another program, through its Service (named as the program, on the container port).</summary>
    static string ServiceUrl(IResource program) => $"http://{program.Name}:{ProgramLifecycle.ContainerPort}";

    /// <summary>An expression over programs' endpoints (`HTTP_PORTS` is `{posts.bindings.http.targetPort}`), as it reads in the cluster.</summary>
    static string Evaluate(string name, ReferenceExpression expression) =>
        string.Format(CultureInfo.InvariantCulture, expression.Format, [.. expression.ValueProviders.Select(provider => (object)(provider switch
        {
            EndpointReferenceExpression { Property: EndpointProperty.Url } part => ServiceUrl(part.Endpoint.Resource),
            EndpointReferenceExpression { Property: EndpointProperty.Host or EndpointProperty.IPV4Host } part => part.Endpoint.Resource.Name,
            EndpointReferenceExpression { Property: EndpointProperty.Port or EndpointProperty.TargetPort } =>
                ProgramLifecycle.ContainerPort.ToString(CultureInfo.InvariantCulture),
            EndpointReferenceExpression { Property: EndpointProperty.Scheme } => "http",
            EndpointReferenceExpression { Property: EndpointProperty.HostAndPort } part =>
                $"{part.Endpoint.Resource.Name}:{ProgramLifecycle.ContainerPort.ToString(CultureInfo.InvariantCulture)}",
            _ => throw new InvalidOperationException($"{name}: no translation for a {provider.GetType().Name} in an expression."),
        }))]);

    /// <summary>`key-encryption-secret` is the key `key-encryption`.</summary>
    public static string SecretKey(ParameterResource parameter) =>
        parameter.Name.EndsWith("-secret", StringComparison.Ordinal) ? parameter.Name[..^"-secret".Length] : parameter.Name;
}
