using Blog.Topology;
using Blog.Identity.Infrastructure;
using Blog.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Identity.Tests;

public sealed class IdentityFixture() : ServiceFixture<IdentityDbContext>(PlatformServices.Identity.Database, new Dictionary<string, string?>
{
    ["BLOG_ADMIN_PASSWORD"] = AdminPassword,
    ["BLOG_ADMIN_EMAIL"] = "root@blog.example",
    ["KeyEncryption:Key"] = KeyEncryptionSecret,
})
{
    public const string AdminPassword = "admin-password-for-tests";
    public const string KeyEncryptionSecret = "a key-encryption secret for the Identity tests";

    public Task<TestAccount> RegisterAsync() => Accounts.RegisterAsync(Client);

    public Task<string> LoginAsync(string email, string password) => Accounts.LoginAsync(Client, email, password);

    /// A token of a session that signed in `ago`, minted as Identity would have then.
    public async Task<string> TokenSignedInAgoAsync(Guid userId, TimeSpan ago)
    {
        await using var scope = Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Users.SingleAsync(u => u.Id == userId);
        return Services.GetRequiredService<TokenIssuer>().IssueFor(user, new SignInSession(Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow - ago))!;
    }
}

public sealed class IdentityHealthTests(IdentityFixture fixture)
    : ServiceHealthTests<IdentityDbContext>(fixture, PlatformServices.Identity.Database, PlatformResources.Redis, "masstransit-bus"), IClassFixture<IdentityFixture>;
