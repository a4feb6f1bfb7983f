using Blog.ServiceDefaults.Hosting;
using Blog.Topology;

namespace Blog.EndToEnd;

/// The programs that only consume events run at a lower CPU priority, on every thread, than those readers
/// and writers wait on (`BackgroundPriority`).
[Collection(PlatformCollection.Name)]
public sealed class BackgroundPriorityTests(PlatformFixture platform)
{
    static readonly PlatformService[] Background =
        [PlatformServices.Moderation, PlatformServices.Notifications, PlatformServices.Webhooks, PlatformServices.Federation, PlatformServices.Media];

    [Fact]
    public void Event_consumers_run_at_a_lower_priority_than_the_programs_readers_wait_on()
    {
        foreach (var program in PlatformServices.Programs)
        {
            var processes = ProcessesOf(program);
            Assert.True(processes.Count > 0, $"no process of {program.Name} found");
            var expected = Background.Contains(program) ? BackgroundPriority.Niceness : 0;
            foreach (var process in processes)
            {
                var niceness = ThreadNiceness(process).ToList();
                Assert.True(niceness.All(nice => nice == expected),
                    $"{program.Name} (pid {process}): expected every thread at nice {expected}, found {string.Join(", ", niceness.CountBy(nice => nice).Select(n => $"{n.Value} at {n.Key}"))}");
            }
        }
    }

    /// This platform's processes of the program (its Redis port is in their environment).
    List<int> ProcessesOf(PlatformService program)
    {
        var name = $"Blog.{char.ToUpperInvariant(program.Name[0])}{program.Name[1..]}";
        var found = new List<int>();
        foreach (var process in System.Diagnostics.Process.GetProcessesByName(name))
        {
            try
            {
                if (File.ReadAllText($"/proc/{process.Id}/environ").Contains($":{platform.RedisPort}", StringComparison.Ordinal)) found.Add(process.Id);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }

    /// Each thread's nice value: the 19th field of its `stat`, counted after the parenthesised name.
    static IEnumerable<int> ThreadNiceness(int processId)
    {
        foreach (var task in Directory.EnumerateDirectories($"/proc/{processId}/task"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                continue; // the thread ended meanwhile
            }
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            yield return int.Parse(fields[19 - 3], System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
