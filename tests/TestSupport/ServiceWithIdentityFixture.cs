using Blog.Topology;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.TestSupport;

/// The real Identity in-process, which signs the tokens the service under test must accept.
public sealed class IdentityInstance<TIdentity>() : ServiceFixture<TIdentity>(PlatformServices.Identity.Database, new Dictionary<string, string?>
{
    ["BLOG_ADMIN_PASSWORD"] = IdentityInstance<TIdentity>.AdminPassword,
}) where TIdentity : class
{
    public const string AdminPassword = "tests-admin-password";
}

/// A service validating tokens against the real Identity's published keys (its discovery document
/// and JWKS, over in-memory HTTP), as it does against the running Identity in the platform.
public class ServiceWithIdentityFixture<TEntryPoint, TIdentity>(string databaseConnectionName, Dictionary<string, string?>? settings = null)
    : ServiceFixture<TEntryPoint>(databaseConnectionName, settings)
    where TEntryPoint : class where TIdentity : class
{
    public IdentityInstance<TIdentity> Identity { get; } = new();

    /// Identity's events (registrations, profile changes) reach the service, and its events (suspensions) reach Identity.
    protected override string? SharedVirtualHost => Identity.VirtualHost;

    public override async Task InitializeAsync()
    {
        await Identity.InitializeAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Identity.DisposeAsync();
    }

    /// Token keys come from the in-process Identity, and so do the answers of its HTTP API (the `identity` client).
    protected override void ConfigureServices(IServiceCollection services)
    {
        services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme,
            options => options.Backchannel = new HttpClient(Identity.Factory.Server.CreateHandler()));
        services.AddHttpClient(PlatformServices.Identity.Name).ConfigurePrimaryHttpMessageHandler(() => Identity.Factory.Server.CreateHandler());
    }

    public Task<TestAccount> RegisterAsync() => Accounts.RegisterAsync(Identity.Client);

    /// A new account granted `role` by the seeded admin, signed in again so its token carries the role.
    public async Task<TestAccount> RegisterWithRoleAsync(string role)
    {
        var account = await RegisterAsync();
        using var grant = new HttpRequestMessage(HttpMethod.Put, $"/api/admin/users/{account.Username}/roles/{role}");
        grant.Headers.Authorization = new("Token", await AdminTokenAsync());
        using var response = await Identity.Client.SendAsync(grant);
        response.EnsureSuccessStatusCode();
        return account with { Token = await Accounts.LoginAsync(Identity.Client, account.Email, account.Password) };
    }

    public Task<string> AdminTokenAsync() => Accounts.LoginAsync(Identity.Client, "admin@blog.local", IdentityInstance<TIdentity>.AdminPassword);
}
