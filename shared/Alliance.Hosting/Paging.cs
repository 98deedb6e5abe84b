namespace Alliance.Hosting;

/// <summary>page (1-based, at most 1,000,000) and pageSize (1..200, default 50), as every list endpoint takes them.</summary>
public sealed record Paging(int Page, int PageSize)
{
    // The bound keeps (page - 1) × pageSize far inside an int: page=2147483647 used to overflow into a negative
    // OFFSET, which PostgreSQL refuses (a 500). A million pages is past the end of every list.
    public const int MaxPage = 1_000_000;

    public int Limit => PageSize;
    public int Offset => (Page - 1) * PageSize;

    public static Paging From(int? page, int? pageSize)
    {
        var v = new Validation();
        if (page is < 1 or > MaxPage) v.Add("page", $"'page' is between 1 and {MaxPage}.");
        if (pageSize is < 1 or > 200) v.Add("pageSize", "'pageSize' must be between 1 and 200.");
        v.ThrowIfInvalid();
        return new Paging(page ?? 1, pageSize ?? 50);
    }

    public PageOf<T> Of<T>(IReadOnlyList<T> items, long total) => new(items, Page, PageSize, total);
}

public sealed record PageOf<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);
