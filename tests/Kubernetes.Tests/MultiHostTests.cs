using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Blog.AppHost.Kubernetes;
using Blog.TestSupport;
using Blog.Topology;
using k8s;
using k8s.Models;
using Npgsql;

namespace Blog.Kubernetes.Tests;

/// <summary>
/// The platform as the committed manifests configure it: each program a process on a loopback address of
/// its own (a node), with exactly the environment its Deployment gives it (its ConfigMap, the Secrets as an
/// operator would fill them, `$(VAR)` composed as Kubernetes does), other programs reached by their Service
/// names (this test plays the cluster's DNS), listening on its container port as in a pod. If any program
/// relied on a setting only the AppHost gives, or on localhost, the flow below would break.
/// </summary>
public sealed partial class MultiHostTests : IAsyncLifetime
{
    /// <summary>The reader's own address, so the gateway's per-client limits count this test alone.</summary>
    static readonly IPAddress ReaderAddress = IPAddress.Parse("127.0.0.19");

    static IReadOnlyList<PlatformService> Programs => PlatformServices.Programs;

    /// <summary>The node each program runs on.</summary>
    static readonly Dictionary<PlatformService, string> Nodes =
        Programs.Select((program, index) => (program, $"127.0.0.{20 + index}")).ToDictionary();

    readonly string run = Guid.NewGuid().ToString("N")[..8];
    readonly List<Process> processes = [];
    readonly List<StreamWriter> logWriters = [];
    readonly string logs = Path.Combine(TestInfrastructure.StateDirectory, "multi-host");

    /// <summary>The Secrets an operator (here, this test) provides: the stores are the tests' shared servers.</summary>
    Dictionary<string, Dictionary<string, string>> Secrets()
    {
        var postgres = new NpgsqlConnectionStringBuilder(TestInfrastructure.Postgres);
        var redis = TestInfrastructure.Redis.Split(':');
        var rabbit = new Uri(TestInfrastructure.RabbitMq);
        var secrets = new Dictionary<string, Dictionary<string, string>>
        {
            [PodSettings.PlatformSecret] = new() { ["key-encryption"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) },
            [PlatformResources.Redis] = new() { ["host"] = redis[0], ["port"] = redis[1], ["password"] = "" },
            [$"{PlatformResources.RabbitMq}-default-user"] = new()
            {
                ["username"] = rabbit.UserInfo.Split(':')[0], ["password"] = rabbit.UserInfo.Split(':')[1],
                ["host"] = rabbit.Host, ["port"] = rabbit.Port.ToString(CultureInfo.InvariantCulture),
            },
        };
        foreach (var service in PlatformServices.WithDatabase)
        {
            secrets[$"{service.Database}-app"] = new()
            {
                ["host"] = postgres.Host!, ["port"] = postgres.Port.ToString(CultureInfo.InvariantCulture),
                ["username"] = postgres.Username!, ["password"] = postgres.Password ?? "", ["dbname"] = DatabaseName(service),
            };
        }
        return secrets;
    }

    string DatabaseName(DataService service) => $"multihost_{run}_{service.Database}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(logs);
        var secrets = Secrets();
        foreach (var program in Programs)
        {
            processes.Add(Start(program, EnvironmentOf(program, secrets)));
        }
        try
        {
            await WaitUntilReadyAsync();
        }
        catch
        {
            // xUnit does not dispose a test class whose start failed: its programs must not outlive it.
            await DisposeAsync();
            throw;
        }
    }

    async Task WaitUntilReadyAsync()
    {
        foreach (var program in Programs)
        {
            var readiness = Deployment(program).Spec.Template.Spec.Containers[0].ReadinessProbe.HttpGet.Path;
            using var probe = new HttpClient { BaseAddress = NodeAddress(program), Timeout = TimeSpan.FromSeconds(10) };
            await Eventually.TrueAsync(async () =>
            {
                try
                {
                    return (await probe.GetAsync(readiness)).StatusCode == HttpStatusCode.OK;
                }
                // Not listening yet, or too busy starting to answer in time: not ready yet, as a kubelet's probe would see it.
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            // Ten programs start at once on two cores, beside another test project in CI: identity, asked first, was
            // seen listening only after about three minutes.
            }, $"{program.Name} on {Nodes[program]} to be ready (log: {Path.Combine(logs, program.Name)}.log)", TimeSpan.FromMinutes(6));
        }
    }

    [Fact]
    public async Task Register_post_comment_and_an_event_reaching_a_subscriber_work_with_only_the_manifests_settings()
    {
        await using var subscriber = await ExchangeSubscriber.StartAsync(TestInfrastructure.RabbitMq, "PostPublished");
        using var site = ReaderClient();

        var author = await Accounts.RegisterAsync(site);
        var title = $"Seven nodes and no localhost {run}";
        using var created = await Send(site, HttpMethod.Post, "/api/articles", author.Token,
            new { article = new { title, description = "a multi-host run", body = "Every program on its own address.", tagList = new[] { "kubernetes" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var slug = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("article").GetProperty("slug").GetString()!;

        // The event went out through the outbox and the broker, with the public address the manifests give Posts.
        var published = await subscriber.WaitForAsync(message => message.GetProperty("slug").GetString() == slug, "PostPublished of the new post");
        Assert.Equal($"https://{ProgramManifests.PublicHost}/articles/{slug}", published.GetProperty("canonicalUrl").GetString());

        var reader = await Accounts.RegisterAsync(site);
        using var commented = await Send(site, HttpMethod.Post, $"/api/articles/{slug}/comments", reader.Token,
            new { comment = new { body = $"Read from node to node {run}" } });
        Assert.True(commented.IsSuccessStatusCode, $"posting a comment: {(int)commented.StatusCode} {await commented.Content.ReadAsStringAsync()}");
        using var thread = await Send(site, HttpMethod.Get, $"/api/articles/{slug}/comments", reader.Token, body: null);
        Assert.Contains($"Read from node to node {run}", await thread.Content.ReadAsStringAsync());

        // The site (Web, calling Posts, Comments and Identity by their Service names) renders the post.
        var page = await site.GetStringAsync($"/articles/{slug}");
        Assert.Contains(title, page);
    }

    static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, string token, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new("Token", token);
        return await client.SendAsync(request);
    }

    /// <summary>A reader's browser: talks to the gateway's node from an address of its own.</summary>
    static HttpClient ReaderClient() => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(ReaderAddress, 0));
            await socket.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = NodeAddress(PlatformServices.Gateway), Timeout = TimeSpan.FromSeconds(60) };

    static Uri NodeAddress(PlatformService program) => new($"http://{Nodes[program]}:{ProgramLifecycle.ContainerPort}");

    static V1Deployment Deployment(PlatformService program) =>
        KubernetesYaml.LoadAllFromString(File.ReadAllText(Manifest(program))).OfType<V1Deployment>().Single();

    static string Manifest(PlatformService program) => Path.Combine(Repository.Root, KubernetesManifests.Folder, "base", $"{program.Name}.yaml");

    /// <summary>What the kubelet would give the container: its ConfigMaps, then its env in order, secrets read and `$(VAR)` expanded.</summary>
    static Dictionary<string, string> EnvironmentOf(PlatformService program, Dictionary<string, Dictionary<string, string>> secrets)
    {
        var objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(Manifest(program)));
        var configMaps = objects.OfType<V1ConfigMap>().ToDictionary(map => map.Metadata.Name);
        var container = objects.OfType<V1Deployment>().Single().Spec.Template.Spec.Containers[0];
        var environment = new Dictionary<string, string>();
        foreach (var source in container.EnvFrom)
        {
            if (configMaps.TryGetValue(source.ConfigMapRef.Name, out var map)) foreach (var (key, value) in map.Data) environment[key] = value;
            else Assert.True(source.ConfigMapRef.Optional, $"{program.Name} needs ConfigMap {source.ConfigMapRef.Name}, which the manifests do not have");
        }
        foreach (var variable in container.Env)
        {
            if (variable.ValueFrom?.SecretKeyRef is { } reference)
            {
                if (secrets.TryGetValue(reference.Name, out var secret) && secret.TryGetValue(reference.Key, out var value)) environment[variable.Name] = value;
                else Assert.True(reference.Optional, $"{program.Name} needs {reference.Name}/{reference.Key}, which no operator provides");
                continue;
            }
            environment[variable.Name] = Reference().Replace(variable.Value, match => environment.GetValueOrDefault(match.Groups[1].Value, match.Value));
        }
        // The cluster's DNS: a Service name is its program's node.
        foreach (var key in environment.Keys.ToList())
        {
            foreach (var (other, node) in Nodes) environment[key] = environment[key].Replace($"//{other.Name}:", $"//{node}:", StringComparison.Ordinal);
        }
        // In a pod the program listens on the pod's own address; here the node's.
        environment["ASPNETCORE_URLS"] = NodeAddress(program).ToString();
        return environment;
    }

    Process Start(PlatformService program, Dictionary<string, string> environment)
    {
        var project = Directory.EnumerateFiles(Path.Combine(Repository.Root, program.ProjectDirectory), "*.csproj").Single();
        var assembly = XDocument.Load(project).Descendants("AssemblyName").Single().Value;
        // Built with the solution, in the configuration these tests were built in.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var directory = Path.Combine(Path.GetDirectoryName(project)!, "bin", configuration, "net10.0");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(directory, $"{assembly}.dll")])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Nothing of this machine's environment but what runs .NET: the manifests' settings alone.
        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT", "TMPDIR" })
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value) start.Environment[name] = value;
        }
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start)!;
        var log = new StreamWriter(Path.Combine(logs, $"{program.Name}.log")) { AutoFlush = true };
        logWriters.Add(log);
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) lock (log) log.WriteLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) lock (log) log.WriteLine(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public async Task DisposeAsync()
    {
        foreach (var process in processes)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
        foreach (var log in logWriters) lock (log) log.Dispose();
        // Disposed once when the start fails, and maybe again by xUnit.
        processes.Clear();
        logWriters.Clear();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection($"{TestInfrastructure.Postgres};Database=postgres");
        await connection.OpenAsync();
        foreach (var service in PlatformServices.WithDatabase)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName(service)}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [GeneratedRegex(@"\$\(([A-Za-z0-9_]+)\)")] private static partial Regex Reference();
}
