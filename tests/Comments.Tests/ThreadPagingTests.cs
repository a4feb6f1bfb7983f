using System.Data.Common;
using Blog.Comments.Infrastructure;
using Blog.Comments.Model;
using Blog.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Blog.Comments.Tests;

/// A page of a long thread is chosen and read in the database, not by loading the whole thread.
public sealed class ThreadPagingTests : IAsyncLifetime
{
    readonly TestDatabase database = new("threads");
    readonly RowsRead rowsRead = new();
    static readonly Guid Alice = Guid.NewGuid(), Bob = Guid.NewGuid();
    static readonly DateTimeOffset Start = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await database.DisposeAsync();

    CommentsDbContext Open() => new(new DbContextOptionsBuilder<CommentsDbContext>()
        .UseNpgsql(database.ConnectionString).UseSnakeCaseNamingConvention().AddInterceptors(rowsRead).Options);

    static Comment NewComment(Guid postId, int minute, Guid author, Comment? parent = null, CommentStatus status = CommentStatus.Visible)
    {
        var id = Guid.NewGuid();
        return new Comment
        {
            Id = id, PostId = postId, ParentId = parent?.Id, RootId = parent?.RootId ?? id, Depth = parent is null ? 0 : parent.Depth + 1,
            AuthorId = author, AuthorUsername = "someone", Body = $"comment {minute}", Status = status,
            CreatedAt = Start.AddMinutes(minute), UpdatedAt = Start.AddMinutes(minute),
        };
    }

    [Fact]
    public async Task A_page_reads_only_its_threads_and_counts_the_rest_in_the_database()
    {
        await using (var setup = Open()) await setup.Database.MigrateAsync();
        var postId = Guid.NewGuid();
        var roots = new List<Comment>();
        await using (var setup = Open())
        {
            for (var i = 0; i < 60; i++)
            {
                // Every third thread's top comment is deleted; of those, every other one has no reply left to hold up.
                var deleted = i % 3 == 0;
                var root = NewComment(postId, i * 10, Bob, status: deleted ? CommentStatus.Deleted : CommentStatus.Visible);
                setup.Comments.Add(root);
                if (!deleted || i % 2 == 0)
                {
                    roots.Add(root);
                    setup.Comments.Add(NewComment(postId, i * 10 + 1, Alice, root));
                }
            }
            // Alice's held comment is a thread for her only.
            setup.Comments.Add(NewComment(postId, 5, Alice, status: CommentStatus.Held));
            await setup.SaveChangesAsync();
        }

        rowsRead.Reset();
        await using var db = Open();
        var page = await db.LoadThreadPageAsync(postId, null, 10, 5, CancellationToken.None);

        var expectedRoots = roots.Skip(10).Take(5).Select(r => r.Id).ToList();
        Assert.Equal(expectedRoots, page.Entries.Where(e => e.Comment.ParentId == null).Select(e => e.Comment.Id));
        Assert.Equal(10, page.Entries.Count);
        Assert.Equal(roots.Count, page.ThreadsCount);
        Assert.Equal(60 - 20 + roots.Count, page.VisibleCount);
        // Five top-level ids, their ten comments and two counts (each read also counts its last, empty
        // read: 21 in all), not the thread's 111 rows.
        Assert.True(rowsRead.Comments <= 25, $"{rowsRead.Comments} comment rows read for a page of 5 threads");

        var forAlice = await db.LoadThreadPageAsync(postId, Alice, 0, 200, CancellationToken.None);
        Assert.Equal(roots.Count + 1, forAlice.ThreadsCount);
        Assert.Equal(CommentStatus.Held, forAlice.Entries[2].Comment.Status); // after the first thread (minutes 0 and 1)
    }

    [Fact]
    public async Task The_migration_gives_every_existing_comment_the_top_of_its_thread()
    {
        await using (var setup = Open())
        {
            await setup.GetService<IMigrator>().MigrateAsync("20261130001221_ProfileAsOf");
        }
        var postId = Guid.NewGuid();
        Guid[] ids = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        // A thread three deep, and a second thread of one comment.
        foreach (var (id, parent, depth) in new[] { (ids[0], (Guid?)null, 0), (ids[1], ids[0], 1), (ids[2], ids[1], 2), (ids[3], null, 0) })
        {
            await database.ScalarAsync<int>(
                "INSERT INTO comments (id, post_id, parent_id, depth, author_id, author_username, body, status, created_at, updated_at, moderation_revision) " +
                "VALUES ($1, $2, $3, $4, $5, 'bob', 'hi', 'Visible', now(), now(), 0) RETURNING 1",
                id, postId, parent is { } p ? p : DBNull.Value, depth, Bob);
        }

        await using (var db = Open()) await db.Database.MigrateAsync();

        await using var check = Open();
        var roots = await check.Comments.ToDictionaryAsync(c => c.Id, c => c.RootId);
        Assert.Equal([ids[0], ids[0], ids[0], ids[3]], ids.Select(id => roots[id]));
    }

    [Fact]
    public async Task The_migration_numbers_existing_comments_in_the_order_they_were_written_and_new_ones_after_them()
    {
        await using (var setup = Open())
        {
            await setup.GetService<IMigrator>().MigrateAsync("20261130001640_CommentRoot");
        }
        var postId = Guid.NewGuid();
        Guid[] ids = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        // Inserted in another order than written: the reply (minute 2) first, then minute 3, then its parent (minute 1).
        foreach (var (id, parent, minute) in new[] { (ids[1], (Guid?)ids[0], 2), (ids[2], null, 3), (ids[0], null, 1) })
        {
            await database.ScalarAsync<int>(
                "INSERT INTO comments (id, post_id, parent_id, root_id, depth, author_id, author_username, body, status, created_at, updated_at, moderation_revision) " +
                "VALUES ($1, $2, $3, $4, 0, $5, 'bob', 'hi', 'Visible', $6, $6, 0) RETURNING 1",
                id, postId, parent is { } p ? p : DBNull.Value, parent ?? id, Bob, Start.AddMinutes(minute));
        }

        await using (var db = Open()) await db.Database.MigrateAsync();

        await using var check = Open();
        var migrated = await check.Comments.ToDictionaryAsync(c => c.Id);
        Assert.Equal([1L, 2L, 3L], ids.Select(id => migrated[id].Number));
        Assert.Equal(1L, migrated[ids[1]].ParentNumber);
        Assert.Null(migrated[ids[0]].ParentNumber);
        var next = NewComment(postId, 4, Alice);
        check.Comments.Add(next);
        await check.SaveChangesAsync();
        Assert.Equal(4L, next.Number);
    }

    /// Counts the reads of rows from the comments table.
    sealed class RowsRead : DbCommandInterceptor
    {
        int comments;
        public int Comments => comments;
        public void Reset() => comments = 0;

        public override InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
        {
            Count(command, eventData.ReadCount);
            return result;
        }

        public override ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
        {
            Count(command, eventData.ReadCount);
            return ValueTask.FromResult(result);
        }

        void Count(DbCommand command, int rows)
        {
            if (command.CommandText.Contains("FROM comments", StringComparison.Ordinal)) Interlocked.Add(ref comments, rows);
        }
    }
}
