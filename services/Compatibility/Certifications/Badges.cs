using Dapper;
using Npgsql;

namespace Alliance.Compatibility.Certifications;

/// <summary>
/// GET /badges/{certificationId}.svg: the live status of a certification, for a vendor's web page; its word in Chinese with
/// ?lang=zh (a page's choice) or, without lang, when Accept-Language prefers a Chinese tag.
/// </summary>
public static class Badges
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/badges/{id:guid}.svg", async (Guid id, string? lang, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var row = await connection.QuerySingleOrDefaultAsync<(string Standard, string Version, string Status, DateTime? ValidUntil, string? VendorStatus)>("""
                select c.standard_code, c.version, c.status, c.valid_until, v.status
                from certifications c left join vendors v on v.member_id = c.vendor_id
                where c.certification_id = @id
                """, new { id });
            if (row.Standard is null) return Results.NotFound();
            var status = row.Status == "certified" && row.ValidUntil is { } until && until <= clock.GetUtcNow().UtcDateTime ? "expired"
                : row.Status == "certified" && row.VendorStatus == "suspended" ? "suspended"
                : row.Status == "certified" ? "valid" : row.Status;
            var chinese = lang is { Length: > 0 } ? lang.StartsWith("zh", StringComparison.OrdinalIgnoreCase) : Alliance.Hosting.RequestLanguage.PrefersChinese(http);
            var word = chinese ? Chinese.GetValueOrDefault(status, status) : status;
            var colour = status switch { "valid" => "#2e7d32", "suspended" => "#f9a825", _ => "#c62828" };
            var label = System.Security.SecurityElement.Escape($"{row.Standard} {row.Version}");
            http.Response.Headers.CacheControl = "public, max-age=60";
            return Results.Text($"""
                <svg xmlns="http://www.w3.org/2000/svg" width="220" height="20" role="img" aria-label="{label}: {word}">
                  <title>{label}: {word}</title>
                  <rect width="130" height="20" fill="#555"/><rect x="130" width="90" height="20" fill="{colour}"/>
                  <g fill="#fff" font-family="Verdana,DejaVu Sans,Noto Sans CJK SC,Microsoft YaHei,sans-serif" font-size="11" text-anchor="middle">
                    <text x="65" y="14">{label}</text><text x="175" y="14">{word}</text>
                  </g>
                </svg>
                """, "image/svg+xml", System.Text.Encoding.UTF8);
        }).WithTags("Matrix").WithSummary("A badge with the certification's live status (valid, expired, revoked, suspended)");

    private static readonly Dictionary<string, string> Chinese = new()
    {
        ["valid"] = "有效",
        ["expired"] = "已过期",
        ["revoked"] = "已撤销",
        ["suspended"] = "暂停",
        ["lapsed"] = "已失效",
        ["withdrawn"] = "已撤回",
        ["submitted"] = "已提交",
        ["rejected"] = "已拒绝",
        ["superseded"] = "已被取代",
    };
}
