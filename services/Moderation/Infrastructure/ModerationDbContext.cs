using System.Text.Json;
using Blog.Contracts;
using Blog.Messaging;
using Blog.Moderation.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Blog.Moderation.Infrastructure;

/// <summary>
/// Moderation's own database: rules, cases and reports, the audit log, what it knows of comments
/// and accounts, plus the outbox and inbox.
/// </summary>
public sealed class ModerationDbContext(DbContextOptions<ModerationDbContext> options) : DbContext(options)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public DbSet<ModerationRules> Rules => Set<ModerationRules>();

    /// <summary>The rules admins saved, or the defaults until they save any.</summary>
    public async Task<ModerationRules> CurrentRulesAsync(CancellationToken cancellationToken) =>
        await Rules.AsNoTracking().SingleOrDefaultAsync(r => r.Id == ModerationRules.SingletonId, cancellationToken) ?? new ModerationRules();
    public DbSet<ModeratedComment> Comments => Set<ModeratedComment>();
    public DbSet<KnownUser> Users => Set<KnownUser>();
    public DbSet<ModerationCase> Cases => Set<ModerationCase>();
    public DbSet<CaseReport> Reports => Set<CaseReport>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();
    public DbSet<Suspension> Suspensions => Set<Suspension>();

    /// <summary>
    /// What the rules weigh a new comment against, in one round trip: whether it is known already, when its author
    /// registered (null: not known yet), and the author's comments in the minute before it and copies of it in the
    /// day before, each counted only as far as the rules look (a flood must not make each check of it slower).
    /// </summary>
    public Task<CommentHistory> HistoryOfAsync(CommentCreated comment, string copyKey, ModerationRules rules, CancellationToken cancellationToken)
    {
        var (author, at, minuteBefore, dayBefore) = (comment.AuthorId, comment.CreatedAt, comment.CreatedAt.AddMinutes(-1), comment.CreatedAt.AddDays(-1));
        return Database.SqlQuery<CommentHistory>($"""
            SELECT EXISTS (SELECT 1 FROM moderated_comments WHERE comment_id = {comment.CommentId}) AS known,
                   (SELECT registered_at FROM known_users WHERE user_id = {author}) AS author_registered_at,
                   (SELECT count(*)::int FROM (SELECT 1 FROM moderated_comments WHERE author_id = {author}
                        AND created_at > {minuteBefore} AND created_at <= {at} LIMIT {rules.FloodPerMinute}) AS flood) AS last_minute,
                   (SELECT count(*)::int FROM (SELECT 1 FROM moderated_comments WHERE author_id = {author} AND copy_key = {copyKey}
                        AND created_at > {dayBefore} AND created_at <= {at} LIMIT {rules.MaxCopies}) AS repeats) AS copies
            """).SingleAsync(cancellationToken);
    }

    /// <summary>
    /// Reads a comment and locks its row until the transaction ends: verdicts on one comment (a rule,
    /// a report crossing the threshold, a moderator) are taken one at a time. Call inside a transaction.
    /// </summary>
    public Task<ModeratedComment?> LockCommentAsync(Guid id, CancellationToken cancellationToken) =>
        Comments.FromSql($"SELECT * FROM moderated_comments WHERE comment_id = {id} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.Entity<ModerationRules>(rules =>
        {
            rules.ToTable("rules");
            rules.HasKey(r => r.Id);
            rules.Property(r => r.Id).ValueGeneratedNever();
            rules.Property(r => r.UpdatedBy).HasMaxLength(100);
            rules.Property(r => r.BlockedWords).HasColumnType("jsonb").HasConversion(
                words => JsonSerializer.Serialize(words, Json),
                json => JsonSerializer.Deserialize<List<BlockedWord>>(json, Json) ?? new List<BlockedWord>(),
                new ValueComparer<List<BlockedWord>>((a, b) => a!.SequenceEqual(b!), words => words.Aggregate(0, (hash, w) => HashCode.Combine(hash, w)),
                    words => words.ToList()));
        });
        modelBuilder.Entity<ModeratedComment>(comment =>
        {
            comment.ToTable("moderated_comments");
            comment.HasKey(c => c.CommentId);
            comment.Property(c => c.AuthorUsername).HasMaxLength(100);
            comment.Property(c => c.Body).HasMaxLength(5000);
            comment.Property(c => c.CopyKey).HasMaxLength(64);
            comment.Property(c => c.State).HasConversion<string>().HasMaxLength(20);
            comment.HasIndex(c => new { c.AuthorId, c.CreatedAt });
            comment.HasIndex(c => new { c.AuthorId, c.CopyKey, c.CreatedAt });
        });
        modelBuilder.Entity<KnownUser>(user =>
        {
            user.ToTable("known_users");
            user.HasKey(u => u.UserId);
            user.Property(u => u.Username).HasMaxLength(100);
            user.HasIndex(u => u.Username).IsUnique();
        });
        modelBuilder.Entity<Suspension>(suspension =>
        {
            suspension.ToTable("suspensions");
            suspension.HasKey(s => s.Id);
            suspension.Property(s => s.Id).ValueGeneratedNever();
            suspension.Property(s => s.Username).HasMaxLength(100);
            suspension.Property(s => s.Reason).HasMaxLength(1000);
            suspension.Property(s => s.SuspendedBy).HasMaxLength(100);
            suspension.Property(s => s.LiftedBy).HasMaxLength(100);
            suspension.HasIndex(s => new { s.UserId, s.Until });
        });
        modelBuilder.Entity<ModerationCase>(moderationCase =>
        {
            moderationCase.ToTable("cases");
            moderationCase.HasKey(c => c.Id);
            moderationCase.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
            moderationCase.Property(c => c.OpenedBy).HasMaxLength(20);
            moderationCase.Property(c => c.RuleReasons).HasMaxLength(1000);
            moderationCase.Property(c => c.DecidedBy).HasMaxLength(100);
            moderationCase.Property(c => c.Decision).HasMaxLength(1000);
            // At most one open case per comment, whatever the redeliveries and races.
            moderationCase.HasIndex(c => c.CommentId).IsUnique().HasFilter("status = 'Open'");
            moderationCase.HasIndex(c => new { c.Status, c.OpenedAt });
            moderationCase.HasOne<ModeratedComment>().WithMany().HasForeignKey(c => c.CommentId);
            moderationCase.HasMany(c => c.Reports).WithOne().HasForeignKey(r => r.CaseId);
        });
        modelBuilder.Entity<CaseReport>(report =>
        {
            report.ToTable("case_reports");
            report.HasKey(r => new { r.CommentId, r.ReporterId });
            report.Property(r => r.ReporterUsername).HasMaxLength(100);
            report.Property(r => r.Reason).HasMaxLength(20);
            report.Property(r => r.Text).HasMaxLength(500);
        });
        modelBuilder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("audit_log");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Actor).HasMaxLength(100);
            entry.Property(e => e.Action).HasMaxLength(40);
            entry.Property(e => e.Reason).HasMaxLength(2000);
            entry.HasIndex(e => e.At);
            entry.HasIndex(e => e.CommentId);
            entry.HasIndex(e => e.UserId);
        });
    }
}

/// <summary>What <see cref="ModerationDbContext.HistoryOfAsync"/> reads for a new comment.</summary>
public sealed record CommentHistory(bool Known, DateTimeOffset? AuthorRegisteredAt, int LastMinute, int Copies);
