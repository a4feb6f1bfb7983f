using Blog.AppHost;
using Blog.Topology;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// `AppHost ports up|bench|tests`: the ports that way of running the platform takes, for the blog script.
if (args is ["ports", var portSet]) return PortsCommand.Print(portSet);
// `AppHost kubernetes DIR`: the Kubernetes manifests, written from this model (./blog deploy kubernetes).
if (args is ["kubernetes", var outputDirectory]) return await Blog.AppHost.Kubernetes.KubernetesCommand.RunAsync(outputDirectory);

// `--Blog:Dashboard=false` runs without the dashboard (and so without exporting telemetry): the benchmark's setting.
var withoutDashboard = args.Contains("--Blog:Dashboard=false", StringComparer.OrdinalIgnoreCase);
var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args, DisableDashboard = withoutDashboard });
var platform = PlatformSettings.Read(builder);

builder.AddBlogPlatform(platform);

// Without a dashboard nothing receives telemetry: Aspire would still point every service's OTLP exporter at
// the dashboard's port, where each export fails and is retried (measured: a tenth of a core per idle service).
if (withoutDashboard)
{
    foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
    {
        builder.CreateResourceBuilder(project).WithEnvironment(context =>
        {
            foreach (var name in context.EnvironmentVariables.Keys.Where(key => key.StartsWith("OTEL_EXPORTER_OTLP_", StringComparison.Ordinal)).ToList())
            {
                context.EnvironmentVariables.Remove(name);
            }
        });
    }
}

// `--Blog:ResourceLogs=true` writes every resource's output to {StateDir}/logs/<resource>.log, one line per entry.
if (builder.Configuration.GetValue("Blog:ResourceLogs", false))
{
    foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
    {
        builder.CreateResourceBuilder(project)
            .WithEnvironment("Logging__Console__FormatterOptions__SingleLine", "true")
            .WithEnvironment("Logging__Console__FormatterOptions__ColorBehavior", "Disabled");
    }
    builder.Services.AddHostedService(services => new ResourceLogFiles(
        services.GetRequiredService<ResourceNotificationService>(), services.GetRequiredService<ResourceLoggerService>(),
        Path.Combine(platform.StateDirectory, "logs")));
}

builder.Build().Run();
return 0;
