using Blog.Bench;

// dotnet Blog.Bench.dll baseline PORT FILE            a bare Kestrel answering GET /article with FILE's bytes
// dotnet Blog.Bench.dll run GATEWAY AMQP OUT [quick]   seed, measure, write OUT (docs/benchmarks.md)
// dotnet Blog.Bench.dll seed GATEWAY AMQP [quick]       seed only, and print what to load (./blog bench serve)
// dotnet Blog.Bench.dll views GATEWAY [VIEWERS]         counting views of one post: exact, or exit code 1
return args.FirstOrDefault() switch
{
    "baseline" => await BaselineServer.RunAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2]),
    "run" => await BenchmarkRun.RunAsync(new Uri(args[1]), new Uri(args[2]), args[3], args.Contains("quick")),
    "views" => await ViewsRun.RunAsync(new Uri(args[1]), args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 500),
    "seed" => await BenchmarkRun.SeedOnlyAsync(new Uri(args[1]), new Uri(args[2]), args.Contains("quick")),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Blog.Bench baseline PORT FILE | run GATEWAY_URL AMQP_URI OUT_FILE [quick] | seed GATEWAY_URL AMQP_URI [quick] | views GATEWAY_URL [VIEWERS]");
    return 2;
}
