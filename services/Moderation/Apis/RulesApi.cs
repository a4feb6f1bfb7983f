using System.Security.Claims;
using Blog.Moderation.Infrastructure;
using Blog.Moderation.Model;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Blog.Moderation.Apis;

/// <summary>The automatic rules: moderators read them, admins change them (audited).</summary>
public static class RulesApi
{
    public static RouteGroupBuilder MapRulesApi(this RouteGroupBuilder moderation)
    {
        moderation.MapGet("/rules", GetRules).WithSummary("The automatic rules");
        moderation.MapPut("/rules", PutRules).RequireAuthorization(BlogAuthentication.AdminPolicy).WithSummary("Change the automatic rules (admins)");
        return moderation;
    }

    static async Task<Ok<RulesEnvelope>> GetRules(ModerationDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(new RulesEnvelope(ToDto(await db.CurrentRulesAsync(cancellationToken))));

    /// <summary>Fields left out keep their value; `blockedWords`, when given, replaces the list.</summary>
    static async Task<Results<Ok<RulesEnvelope>, UnprocessableEntity<ErrorsEnvelope>>> PutRules(
        RulesEnvelope? body, HttpContext http, ModerationDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (body?.Rules is not { } input) return ValidationErrors.For("rules", "can't be blank");
        var current = await db.CurrentRulesAsync(cancellationToken);
        var errors = new ValidationErrors();
        List<BlockedWord>? words = null;
        if (input.BlockedWords is not null)
        {
            words = [];
            foreach (var word in input.BlockedWords)
            {
                if (!Enum.TryParse<WordAction>(word?.Action ?? "hold", ignoreCase: true, out var action) || !Enum.IsDefined(action))
                {
                    errors.Add("blockedWords", "action must be hold or reject");
                    continue;
                }
                words.Add(new BlockedWord(word?.Word?.Trim() ?? "", action));
            }
        }
        var rules = new ModerationRules
        {
            MaxLinks = input.MaxLinks ?? current.MaxLinks,
            BlockedWords = words?.DistinctBy(w => TextNormalizer.Normalize(w.Word)).ToList() ?? current.BlockedWords,
            FloodPerMinute = input.FloodPerMinute ?? current.FloodPerMinute,
            NewAccountHours = input.NewAccountHours ?? current.NewAccountHours,
            MaxCopies = input.MaxCopies ?? current.MaxCopies,
            ReportThreshold = input.ReportThreshold ?? current.ReportThreshold,
            ReporterAccountHours = input.ReporterAccountHours ?? current.ReporterAccountHours,
            UpdatedAt = clock.GetUtcNow(),
            UpdatedBy = http.User.FindFirstValue(BlogClaims.Username) ?? "",
        };
        var problems = rules.Validate();
        if (errors.Any || problems.Any) return (errors.Any ? errors : problems).ToResult();

        if (await db.Rules.FindAsync([ModerationRules.SingletonId], cancellationToken) is { } saved) db.Entry(saved).CurrentValues.SetValues(rules);
        else db.Rules.Add(rules);
        db.Audit.Add(new AuditEntry { At = rules.UpdatedAt, Actor = rules.UpdatedBy, Action = AuditActions.RulesChanged,
            Reason = System.Text.Json.JsonSerializer.Serialize(ToDto(rules)) });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new RulesEnvelope(ToDto(rules)));
    }

    static RulesDto ToDto(ModerationRules rules) => new(rules.MaxLinks,
        rules.BlockedWords.Select(w => new BlockedWordDto(w.Word, w.Action.ToString().ToLowerInvariant())).ToList(),
        rules.FloodPerMinute, rules.NewAccountHours, rules.MaxCopies, rules.ReportThreshold,
        rules.UpdatedAt == default ? null : rules.UpdatedAt, rules.UpdatedBy.Length == 0 ? null : rules.UpdatedBy, rules.ReporterAccountHours);
}
