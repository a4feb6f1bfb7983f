using System.Net;
using Blog.Identity.Infrastructure;
using Blog.TestSupport;

namespace Blog.Identity.Tests;

public sealed class IdentityFixture() : ServiceFixture<IdentityDbContext>("identitydb");

public sealed class IdentityHealthTests(IdentityFixture fixture)
    : ServiceHealthTests<IdentityDbContext>(fixture, "identitydb", "redis", "masstransit-bus"), IClassFixture<IdentityFixture>;

public sealed class ProfilesApiTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    [Fact]
    public async Task Unknown_profile_is_a_404_problem()
    {
        using var response = await fixture.Client.GetAsync("/api/profiles/nobody");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
