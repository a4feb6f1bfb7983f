namespace Blog.Posts.Apis;

/// <summary>Who saved a revision: their username then.</summary>
public sealed record RevisionEditor(string Username);

/// <summary>A revision; lists leave `body` out.</summary>
public sealed record RevisionResponse(
    Guid Id,
    int Number,
    string Title,
    string Description,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Body,
    IReadOnlyList<string> TagList,
    DateTimeOffset CreatedAt,
    RevisionEditor Editor,
    int? RestoredFrom);

public sealed record RevisionEnvelope(RevisionResponse Revision);

public sealed record MultipleRevisions(IReadOnlyList<RevisionResponse> Revisions, int RevisionsCount);

/// <summary>One line of a diff: `equal`, `deleted` (only in `from`) or `inserted` (only in `to`).</summary>
public sealed record DiffLine(string Change, string Text);

/// <summary>What changed between two revisions of a post, field by field, line by line.</summary>
public sealed record RevisionDiff(RevisionResponse From, RevisionResponse To, IReadOnlyList<DiffLine> Title, IReadOnlyList<DiffLine> Description,
    IReadOnlyList<DiffLine> Body, IReadOnlyList<DiffLine> TagList);

public sealed record RevisionDiffEnvelope(RevisionDiff Diff);
