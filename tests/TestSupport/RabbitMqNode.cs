using Blog.Topology;
using System.Diagnostics;

namespace Blog.TestSupport;

/// Talks to a RabbitMQ node run by infra/rabbitmq.sh: the tests' shared node, for private virtual
/// hosts, or a private node a test can stop and start again (fault injection).
public sealed class RabbitMqNode : IAsyncDisposable
{
    readonly string dataDirectory;
    readonly int port;
    Process? server;

    RabbitMqNode(string dataDirectory, int port)
    {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /// <summary>The tests' shared node (started on first use by <see cref="SharedServers"/>).</summary>
    public static RabbitMqNode Shared =>
        new(Path.Combine(TestInfrastructure.StateDirectory, PlatformResources.RabbitMq), TestInfrastructure.RabbitMqPort);

    /// A node started by someone else (the AppHost), for rabbitmqctl.
    public static RabbitMqNode Attach(string dataDirectory, int port) => new(dataDirectory, port);

    public string AmqpUri(string virtualHost = "/") =>
        $"amqp://guest:guest@127.0.0.1:{port}/{Uri.EscapeDataString(virtualHost)}";

    /// Starts a node of the test's own on the given port, with its data in the tests' state folder.
    public static async Task<RabbitMqNode> StartPrivateAsync(int port)
    {
        var node = new RabbitMqNode(Path.Combine(TestInfrastructure.StateDirectory, $"rabbitmq-{port}"), port);
        await node.StartAsync();
        return node;
    }

    public async Task StartAsync()
    {
        server = InfraScript.Start("rabbitmq.sh", dataDirectory, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Eventually.TrueAsync(() => InfraScript.AcceptsConnectionsAsync(port), $"RabbitMQ on port {port}", TimeSpan.FromSeconds(90));
        await CtlAsync("await_startup", "--timeout", "60");
    }

    public async Task StopAsync()
    {
        if (server is null) return;
        await InfraScript.StopAsync(server);
        server = null;
        await Eventually.TrueAsync(async () => !await InfraScript.AcceptsConnectionsAsync(port), $"RabbitMQ on port {port} to stop", TimeSpan.FromSeconds(60));
    }

    public async Task<string> CtlAsync(params string[] arguments)
    {
        using var ctl = Process.Start(new ProcessStartInfo("bash", [Path.Combine(TestInfrastructure.RepositoryRoot, "infra", "rabbitmq.sh"), "ctl", dataDirectory, port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = ctl.StandardOutput.ReadToEndAsync();
        var error = ctl.StandardError.ReadToEndAsync();
        await ctl.WaitForExitAsync();
        if (ctl.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} failed: {await error}{await output}");
        }
        return await output;
    }

    /// A virtual host of its own for one test class: its exchanges and queues are invisible to others.
    public async Task<string> CreateVirtualHostAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}";
        await CtlAsync("add_vhost", name);
        await CtlAsync("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        return name;
    }

    public Task DeleteVirtualHostAsync(string name) => CtlAsync("delete_vhost", name);

    public async ValueTask DisposeAsync()
    {
        if (server is not null) await StopAsync();
    }
}
