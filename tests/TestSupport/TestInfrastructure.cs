namespace Blog.TestSupport;

/// The PostgreSQL, Redis and RabbitMQ that `./blog test` starts for the tests, and the repository.
public static class TestInfrastructure
{
    public static string Postgres => Required("BLOG_TEST_POSTGRES");
    public static string Redis => Required("BLOG_TEST_REDIS");
    public static string RabbitMq => Required("BLOG_TEST_RABBITMQ");
    public static int RabbitMqPort => int.Parse(Required("BLOG_TEST_RABBITMQ_PORT"), System.Globalization.CultureInfo.InvariantCulture);
    public static string StateDirectory => Required("BLOG_TEST_STATE");

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests with ./blog test, which starts their infrastructure.");

    static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Blog.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Blog.sln not found above " + AppContext.BaseDirectory);
    }
}
