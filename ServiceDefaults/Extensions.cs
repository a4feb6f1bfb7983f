using Blog.Topology;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>What every Blog service does the same way: telemetry, health, discovery, resilience, problem details.</summary>
public static class ServiceDefaultsExtensions
{
    public const string ReadyTag = "ready";
    public const string LiveTag = "live";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        BackgroundPriority.Apply();
        builder.ConfigureOpenTelemetry();

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.AddApiDescription();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = RealWorldResults.AddErrorsObject);
        builder.Services.AddExceptionHandler<BadRequestBodyHandler>();
        builder.Services.AddExceptionHandler<DependencyUnavailableHandler>();
        // Unreadable bodies throw, so the handler above answers them in the RealWorld shape.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonTimestampConverter()));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        });
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ProgramLifecycle.ShutdownTimeout);
        return builder;
    }

    /// <summary>
    /// Categories that log every outgoing call at Information (HttpClient: four lines a call; Polly: each
    /// attempt). A page calls several services, so at Information they would be most of a replica's output
    /// and a fifth of its CPU under load (measured). Warning unless the configuration names them (`Logging:LogLevel:Polly`).
    /// </summary>
    static readonly string[] PerCallLogCategories = ["System.Net.Http.HttpClient", "Polly"];

    /// <summary>
    /// Whether a collector receives telemetry (`OTEL_EXPORTER_OTLP_ENDPOINT`). Without one, spans, metrics and
    /// log records would be made for nobody: every request paid for them (and every Redis command for its
    /// profiling session), so nothing is collected, the Aspire client integrations' telemetry included
    /// (measured in ./blog bench: with theirs on and no collector, the signed-in post page fell from
    /// 154–239 to 90 requests/s and Posts' resident memory rose from 270 to 458 MB).
    /// </summary>
    public static bool ExportsTelemetry(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        foreach (var category in PerCallLogCategories.Where(category => builder.Configuration[$"Logging:LogLevel:{category}"] is null))
        {
            builder.Logging.AddFilter(category, LogLevel.Warning);
        }
        if (!ExportsTelemetry(builder.Configuration)) return builder;

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit")
                .AddMeter("Blog.*"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !IsHealthPath(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddSource("MassTransit")
                .AddSource("Blog.Messaging"))
            .UseOtlpExporter();
        return builder;
    }

    /// <summary>`/alive` answers while the process runs; `/health` only when its database, Redis and RabbitMQ answer.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapApiDescription();

        app.MapHealthChecks(ProgramLifecycle.HealthPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag) || check.Tags.Contains(LiveTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        app.MapHealthChecks(ProgramLifecycle.AlivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        return app;
    }

    static bool IsHealthPath(PathString path) =>
        path.StartsWithSegments(ProgramLifecycle.HealthPath) || path.StartsWithSegments(ProgramLifecycle.AlivePath);
}
