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
            found.Add($"== {Path.GetFileName(path)}");
            found.AddRange(ReadLines(path).Where(line => texts.Any(text => line.Contains(text, StringComparison.OrdinalIgnoreCase))).TakeLast(lastLines));
        }
        return string.Join('\n', found);
    }

    /// The last `lines` lines of every log whose file name starts with `prefix`.
    public string Tail(string prefix, int lines)
    {
        var found = new List<string>();
        if (!Directory.Exists(directory)) return "";
        foreach (var path in Directory.EnumerateFiles(directory, prefix + "*.log"))
        {
            found.Add($"== {Path.GetFileName(path)}");
            found.AddRange(ReadLines(path).TakeLast(lines));
        }
        return string.Join('\n', found);
    }

    static List<string> ReadLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines;
    }
}
