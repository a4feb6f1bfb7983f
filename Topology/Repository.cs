namespace Blog.Topology;

/// <summary>The checkout a program runs from (the folder holding Blog.sln above its binaries).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Blog.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Blog.sln not found above " + AppContext.BaseDirectory);
    }
}
