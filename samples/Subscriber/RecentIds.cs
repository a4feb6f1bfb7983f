namespace Blog.Samples.Subscriber;

/// The last `capacity` event ids handled, oldest forgotten first.
sealed class RecentIds(int capacity)
{
    readonly HashSet<Guid> ids = [];
    readonly Queue<Guid> order = new();
    readonly Lock gate = new();

    public bool Add(Guid id)
    {
        lock (gate)
        {
            if (!ids.Add(id)) return false;
            order.Enqueue(id);
            if (order.Count > capacity) ids.Remove(order.Dequeue());
            return true;
        }
    }

    public void Remove(Guid id)
    {
        lock (gate) ids.Remove(id);
    }
}
