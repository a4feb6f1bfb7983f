namespace Blog.ServiceDefaults.Caching;

/// A row a service keeps for its own mechanics (outbox, inbox), never shown to a reader: saving only
/// such rows leaves every cached read valid.
public interface IBookkeepingRow;

public static class Bookkeeping
{
    /// Starts a SQL statement that writes only bookkeeping (an inbox claim, the views moved into the
    /// database): the content cache does not count it as a change readers see.
    public const string SqlMark = "/* bookkeeping */ ";
}
