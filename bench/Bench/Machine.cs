using System.Globalization;

namespace Blog.Bench;

/// What the figures were measured on, and what each process holds in memory.
static class Machine
{
    public static string Describe()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memoryKb = long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        var kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        var os = File.Exists("/etc/debian_version") ? $"Debian {File.ReadAllText("/etc/debian_version").Trim()}" : "Linux";
        return $"{Environment.ProcessorCount} cores ({cpu}), {memoryKb / 1024 / 1024.0:0.#} GiB, {os}, kernel {kernel}, .NET {Environment.Version}";
    }

    /// Resident memory (MiB) of each process whose command line names one of `names`.
    /// Resident memory of each named program (all its processes): RSS, and PSS, which charges each
    /// process its share of pages it shares with others (the .NET runtime and framework files every
    /// service maps count once in PSS, once per process in RSS).
    public static IReadOnlyList<(string Name, int Processes, double RssMiB, double PssMiB)> ResidentMemory(params string[] names)
    {
        var found = new List<(string Name, int Pid)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string cmdline;
            try { cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' '); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            var executable = cmdline.Split(' ', 2)[0];
            foreach (var name in names)
            {
                if (Path.GetFileName(executable).TrimEnd(':') == name || cmdline.Contains($"/{name}.dll", StringComparison.Ordinal)) found.Add((name, pid));
            }
        }
        return names.Select(name =>
        {
            var pids = found.Where(f => f.Name == name).Select(f => f.Pid).ToList();
            return (name, pids.Count, pids.Sum(pid => MiBOf(pid, "status", "VmRSS:")), pids.Sum(pid => MiBOf(pid, "smaps_rollup", "Pss:")));
        }).ToList();
    }

    static double MiBOf(int pid, string file, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/{file}").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}

static class ProcessEnvironment
{
    /// A variable of the first process whose executable or dll is `name` (e.g. the URL a service listens on).
    public static string? Of(string name, string variable)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (Path.GetFileName(cmdline.Split(' ', 2)[0]) != name && !cmdline.Contains($"/{name}.dll", StringComparison.Ordinal)) continue;
                var entry = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0').FirstOrDefault(e => e.StartsWith(variable + "=", StringComparison.Ordinal));
                if (entry is not null) return entry[(variable.Length + 1)..];
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return null;
    }
}
