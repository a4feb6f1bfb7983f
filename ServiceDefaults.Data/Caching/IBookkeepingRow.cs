namespace Blog.ServiceDefaults.Caching;

/// <summary>
/// A row a service keeps for its own mechanics (outbox, inbox), never shown to a reader: saving only
/// such rows leaves every cached read valid.
/// </summary>
public interface IBookkeepingRow;

public static class Bookkeeping
{
    /// <summary>
    /// Starts a SQL statement that writes only bookkeeping (an inbox claim, the views moved into the
    /// database): the content cache does not count it as a change readers see.
    /// </summary>
    public const string SqlMark = "/* bookkeeping */ ";
}
