using Blog.Demo;

// ./blog demo [--url URL] (`./blog up`'s gateway by default): the blog script passes the administrator's and the demo bloggers' passwords.
var options = args.Select((arg, i) => (arg, i)).Where(a => a.arg.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(a => a.arg[2..], a => a.i + 1 < args.Length ? args[a.i + 1] : "", StringComparer.Ordinal);
string Option(string name) => options.TryGetValue(name, out var value) && value.Length > 0 ? value
    : throw new ArgumentException($"--{name} is required (./blog demo passes it)");

using var gateway = new HttpClient { BaseAddress = new Uri(options.GetValueOrDefault("url") ?? Blog.Topology.Ports.LocalSite), Timeout = TimeSpan.FromSeconds(30) };
var site = new DemoSite(gateway, new DemoCredentials(Option("admin-email"), Option("admin-password"), Option("password")), Console.Out);
var report = await site.SeedAsync(CancellationToken.None);
Console.WriteLine(report);
