using Blog.Topology;
using Blog.Identity.Infrastructure;
using Blog.TestSupport;

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
}

public sealed class IdentityHealthTests(IdentityFixture fixture)
    : ServiceHealthTests<IdentityDbContext>(fixture, PlatformServices.Identity.Database, PlatformResources.Redis, "masstransit-bus"), IClassFixture<IdentityFixture>;
