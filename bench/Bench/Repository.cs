namespace Blog.Bench;

static class Repository
{
    /// The checkout the bench runs from (the folder holding Blog.sln above the bench's binaries).
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Blog.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Blog.sln not found above " + AppContext.BaseDirectory);
    }
}
