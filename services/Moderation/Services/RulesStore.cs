using Blog.Moderation.Infrastructure;
using Blog.Moderation.Model;
using Microsoft.EntityFrameworkCore;

namespace Blog.Moderation.Services;

public static class RulesStore
{
    /// The rules admins saved, or the defaults until they save any.
    public static async Task<ModerationRules> CurrentRulesAsync(this ModerationDbContext db, CancellationToken cancellationToken) =>
        await db.Rules.AsNoTracking().SingleOrDefaultAsync(r => r.Id == ModerationRules.SingletonId, cancellationToken) ?? new ModerationRules();
}
