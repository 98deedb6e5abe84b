namespace Alliance.Hosting;

/// <summary>page (1-based) and pageSize (1..200, default 50), as every list endpoint takes them.</summary>
public sealed record Paging(int Page, int PageSize)
{
    public int Limit => PageSize;
    public int Offset => (Page - 1) * PageSize;

    public static Paging From(int? page, int? pageSize)
    {
        var v = new Validation();
        if (page is < 1) v.Add("page", "'page' starts at 1.");
        if (pageSize is < 1 or > 200) v.Add("pageSize", "'pageSize' must be between 1 and 200.");
        v.ThrowIfInvalid();
        return new Paging(page ?? 1, pageSize ?? 50);
    }

    public PageOf<T> Of<T>(IReadOnlyList<T> items, long total) => new(items, Page, PageSize, total);
}

public sealed record PageOf<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);
