namespace Blog.ServiceDefaults.Caching;

/// A row a service keeps for its own mechanics (outbox, inbox), never shown to a reader: saving only
/// such rows leaves every cached read valid.
public interface IBookkeepingRow;
