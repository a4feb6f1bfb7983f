using System.Net.Sockets;
using System.Text;
using Npgsql;
using RabbitMQ.Client;

namespace Blog.EndToEnd;

/// The platform's servers let in only clients with the credentials the AppHost generated, and each
/// service's database role reaches its own database only.
[Collection(PlatformCollection.Name)]
public sealed class InfrastructureSecurityEndToEndTests(PlatformFixture platform)
{
    [Fact]
    public async Task Redis_refuses_a_client_without_the_password()
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", platform.RedisPort);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        var buffer = new byte[256];
        var answer = Encoding.ASCII.GetString(buffer, 0, await stream.ReadAsync(buffer));

        Assert.StartsWith("-NOAUTH", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RabbitMQ_has_no_guest_account_and_takes_the_generated_one()
    {
        var guest = new ConnectionFactory { Uri = new Uri($"amqp://guest:guest@127.0.0.1:{platform.RabbitMqPort}/") };
        await Assert.ThrowsAnyAsync<Exception>(async () => await (await guest.CreateConnectionAsync()).DisposeAsync());

        await using var connection = await new ConnectionFactory { Uri = new Uri(platform.BrokerUri) }.CreateConnectionAsync();
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public async Task PostgreSQL_wants_passwords_and_a_services_role_reaches_its_own_database_only()
    {
        var server = $"Host=127.0.0.1;Port={platform.PostgresPort};Timeout=10";

        var noPassword = await Assert.ThrowsAnyAsync<NpgsqlException>(() => OpenAsync($"{server};Username=blog;Database=postgres"));
        var wrongPassword = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync($"{server};Username=blog;Password=guess;Database=postgres"));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, wrongPassword.SqlState);

        var posts = $"{server};Username=posts;Password={platform.Secret("postgres-posts")}";
        await OpenAsync($"{posts};Database=postsdb");
        var elsewhere = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync($"{posts};Database=identitydb"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, elsewhere.SqlState);
        Assert.NotNull(noPassword);
    }

    static async Task OpenAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
    }
}
