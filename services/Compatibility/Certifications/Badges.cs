using Dapper;
using Npgsql;

namespace Alliance.Compatibility.Certifications;

/// <summary>GET /badges/{certificationId}.svg: the live status of a certification, for a vendor's web page.</summary>
public static class Badges
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/badges/{id:guid}.svg", async (Guid id, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var row = await connection.QuerySingleOrDefaultAsync<(string Standard, string Version, string Status, DateTime? ValidUntil, string? VendorStatus)>("""
                select c.standard_code, c.version, c.status, c.valid_until, coalesce(s.status, v.status)
                from certifications c left join vendors v on v.member_id = c.vendor_id left join member_status s on s.member_id = c.vendor_id
                where c.certification_id = @id
                """, new { id });
            if (row.Standard is null) return Results.NotFound();
            var status = row.Status == "certified" && row.ValidUntil is { } until && until <= clock.GetUtcNow().UtcDateTime ? "expired"
                : row.Status == "certified" && row.VendorStatus == "suspended" ? "suspended"
                : row.Status == "certified" ? "valid" : row.Status;
            var colour = status switch { "valid" => "#2e7d32", "suspended" => "#f9a825", _ => "#c62828" };
            var label = System.Security.SecurityElement.Escape($"{row.Standard} {row.Version}");
            http.Response.Headers.CacheControl = "public, max-age=60";
            return Results.Text($"""
                <svg xmlns="http://www.w3.org/2000/svg" width="220" height="20" role="img" aria-label="{label}: {status}">
                  <title>{label}: {status}</title>
                  <rect width="130" height="20" fill="#555"/><rect x="130" width="90" height="20" fill="{colour}"/>
                  <g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">
                    <text x="65" y="14">{label}</text><text x="175" y="14">{status}</text>
                  </g>
                </svg>
                """, "image/svg+xml", System.Text.Encoding.UTF8);
        }).WithTags("Matrix").WithSummary("A badge with the certification's live status (valid, expired, revoked, suspended)");
}
