using Blog.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Blog.Messaging.Tests;

/// A database and a RabbitMQ virtual host of the test class's own, on the tests' real servers.
public sealed class MessagingFixture : IAsyncLifetime
{
    public TestDatabase Database { get; } = new("messaging");
    public string Broker { get; private set; } = "";
    public string VirtualHost => virtualHost;
    string virtualHost = "";

    public async Task InitializeAsync()
    {
        virtualHost = await RabbitMqNode.Shared.CreateVirtualHostAsync("messaging");
        Broker = RabbitMqNode.Shared.AmqpUri(virtualHost);
        await using var db = new SampleDbContext(new DbContextOptionsBuilder<SampleDbContext>()
            .UseNpgsql(Database.ConnectionString).UseSnakeCaseNamingConvention().Options);
        await db.Database.EnsureCreatedAsync();
    }

    public async Task DisposeAsync()
    {
        await RabbitMqNode.Shared.DeleteVirtualHostAsync(virtualHost);
        await Database.DisposeAsync();
    }
}
