namespace Blog.Web.Model;

/// <summary>Paging links for a list of `total` items, `size` per page; `link` makes the address of a page.</summary>
public sealed record Pager(int Page, int Size, int Total, Func<int, string> Link)
{
    public int Pages => Math.Max(1, (Total + Size - 1) / Size);
    public int Offset => (Page - 1) * Size;

    /// <summary>A page number from the query string: 1 when missing or nonsense, never past a sane bound.</summary>
    public static int Parse(string? page) => int.TryParse(page, out var number) && number is >= 1 and <= 10_000 ? number : 1;
}
