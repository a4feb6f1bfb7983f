using System.Security.Claims;
using Blog.Posts.Model;
using Blog.ServiceDefaults.Authentication;
using Microsoft.EntityFrameworkCore;

namespace Blog.Posts.Infrastructure;

/// <summary>
/// Authors as Posts knows them; a writer whose `UserRegistered` has not arrived yet is added from
/// the token, so writing never waits for an event.
/// </summary>
static class Authors
{
    public static async Task<Author> EnsureAsync(PostsDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var id = user.UserId()!.Value;
        var author = await db.Authors.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (author is not null) return author;
        var username = user.FindFirstValue(BlogClaims.Username) ?? id.ToString();
        // ON CONFLICT: the registration event may land at the same moment; it then wins, as it should.
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO authors (id, username, display_name, bio) VALUES ({id}, {username}, {username}, '') ON CONFLICT DO NOTHING", cancellationToken);
        return await db.Authors.SingleAsync(a => a.Id == id, cancellationToken);
    }
}
