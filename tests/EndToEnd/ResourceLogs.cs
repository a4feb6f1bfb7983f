namespace Blog.EndToEnd;

/// The log files the AppHost writes with `--Blog:ResourceLogs=true`: `{directory}/{resource}-{replica}.log`.
public sealed class ResourceLogs(string directory)
{
    /// The last lines of every log whose resource name starts with `resource` that contain one of `texts`.
    public string Grep(string resource, int lastLines, params string[] texts)
    {
        var found = new List<string>();
        foreach (var path in Directory.EnumerateFiles(directory, resource + "*.log"))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var lines = new List<string>();
            while (reader.ReadLine() is { } line)
            {
                if (texts.Any(text => line.Contains(text, StringComparison.OrdinalIgnoreCase))) lines.Add(line);
            }
            found.Add($"== {Path.GetFileName(path)}");
            found.AddRange(lines.TakeLast(lastLines));
        }
        return string.Join('\n', found);
    }
}
