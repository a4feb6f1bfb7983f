using Blog.Topology;
using Blog.Messaging.Endpoints;
using Blog.Messaging.Inbox;
using Blog.Messaging.Outbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Blog.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// The service's MassTransit bus on RabbitMQ (connection string `rabbitmq`, an amqp:// URI), its
    /// consumers, and the outbox relay for its DbContext. Queues are named `{service}-{consumer}`:
    /// replicas of one service compete on one queue, while each service gets every event.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TContext>(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? configureConsumers = null)
        where TContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(PlatformResources.RabbitMq)
            ?? throw new InvalidOperationException("Connection string 'rabbitmq' is missing: set ConnectionStrings__rabbitmq (the AppHost does this).");
        var broker = new Uri(connectionString);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration("Outbox");
        builder.Services.AddOptions<InboxBatchOptions>().BindConfiguration("Messaging:Batch");
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxSignalInterceptor>();
        builder.Services.ConfigureDbContext<TContext>((services, options) =>
            options.AddInterceptors(services.GetRequiredService<OutboxSignalInterceptor>()));

        // Quorum queues replicate each consumer's queue over the broker's nodes (the Kubernetes manifests turn
        // them on). A queue's type is fixed when it is declared: a broker whose queues exist as classic ones
        // needs them deleted (and their messages drained) before this is switched on.
        var quorumQueues = builder.Configuration.GetValue("Messaging:QuorumQueues", false);
        var queues = new ServiceQueues();
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            configureConsumers?.Invoke(bus);
            // Quick retries for a passing fault; a message still failing is parked in `_error` and redelivered later (ErrorQueueRedelivery).
            bus.AddConfigureEndpointsCallback((_, queue, endpoint) =>
            {
                queues.Add(queue);
                if (quorumQueues && endpoint is IRabbitMqReceiveEndpointConfigurator rabbitEndpoint) rabbitEndpoint.SetQuorumQueue();
                endpoint.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(300)));
            });

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker.Host, (ushort)(broker.Port > 0 ? broker.Port : 5672), VirtualHostOf(broker), host =>
                {
                    var (user, password) = CredentialsOf(broker);
                    host.Username(user);
                    host.Password(password);
                    host.PublisherConfirmation = true;
                });
                // The default prefetch on two cores is 4; with events in flight that made latency grow to hundreds of ms.
                rabbit.PrefetchCount = 64;
                rabbit.ConfigureEndpoints(context);
            });
        });
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(host =>
        {
            host.WaitUntilStarted = false;
            host.StopTimeout = TimeSpan.FromSeconds(15);
        });

        builder.Services.AddHostedService<OutboxRelay<TContext>>();
        builder.Services.AddOptions<ReceiveEndpointWatchdogOptions>().BindConfiguration("Messaging:EndpointWatchdog");
        builder.Services.AddHostedService<ReceiveEndpointWatchdog>();
        builder.Services.AddOptions<ParkedMessageOptions>().BindConfiguration("Messaging:Redelivery");
        builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<ErrorQueueRedelivery>(services, serviceName, broker, queues));
        builder.Services.AddHostedService(services => services.GetRequiredService<ErrorQueueRedelivery>());
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration("parked-messages",
            services => services.GetRequiredService<ErrorQueueRedelivery>(), failureStatus: null, tags: [ServiceDefaultsExtensions.ReadyTag]));
        builder.Services.AddSingleton<AbandonedOutboxRowsCheck<TContext>>();
        builder.Services.AddHealthChecks().AddCheck<AbandonedOutboxRowsCheck<TContext>>("outbox", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }

    /// <summary>
    /// Registers a <see cref="BatchedInboxConsumer{TMessage,TContext}"/>: its queue's messages are taken up to
    /// `Messaging:Batch:MessageLimit` at a time, one batch at a time per replica (batches of one replica never
    /// wait on each other's row locks).
    /// </summary>
    public static void AddBatchedInboxConsumer<TConsumer>(this IBusRegistrationConfigurator bus)
        where TConsumer : class, IConsumer =>
        bus.AddConsumer<TConsumer>((context, consumer) =>
        {
            var options = context.GetRequiredService<IOptions<InboxBatchOptions>>().Value;
            consumer.Options<BatchOptions>(batch => batch
                .SetMessageLimit(options.MessageLimit)
                .SetTimeLimit(options.TimeLimit)
                .SetConcurrencyLimit(1));
        });

    static string VirtualHostOf(Uri broker)
    {
        var path = Uri.UnescapeDataString(broker.AbsolutePath.TrimStart('/'));
        return path.Length == 0 ? "/" : path;
    }

    static (string User, string Password) CredentialsOf(Uri broker)
    {
        if (string.IsNullOrEmpty(broker.UserInfo)) return ("guest", "guest");
        var parts = broker.UserInfo.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
    }
}
