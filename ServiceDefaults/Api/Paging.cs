namespace Blog.ServiceDefaults.Api;

/// <summary>
/// `limit` and `offset` from a query string: whole numbers (from 1 and from 0), the limit capped
/// at the route's maximum. Bad values are added to `errors` (a 422), never a 500.
/// </summary>
public readonly record struct Paging(int Take, int Skip)
{
    public static Paging Read(string? limit, string? offset, int defaultLimit, int maxLimit, ValidationErrors errors)
    {
        var take = defaultLimit;
        var skip = 0;
        if (limit is not null && (!int.TryParse(limit, out take) || take < 1)) errors.Add("limit", "must be a whole number from 1");
        if (offset is not null && (!int.TryParse(offset, out skip) || skip < 0)) errors.Add("offset", "must be a whole number from 0");
        return new Paging(Math.Min(take, maxLimit), skip);
    }
}
