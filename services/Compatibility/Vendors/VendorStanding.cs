using Dapper;
using Npgsql;

namespace Alliance.Compatibility.Vendors;

/// <summary>
/// A vendor's standing as of an instant, from the directory's dates: not yet admitted before its admission,
/// suspended inside a suspension interval, withdrawn or expelled from the day it left, else admitted. Historical
/// submissions are checked against it, so a vendor that left since can still have its past certified, and one
/// admitted later cannot have a certification dated before it joined.
/// </summary>
public static class VendorStanding
{
    public static Task<string?> AsOf(NpgsqlConnection connection, Guid vendor, DateTimeOffset asOf) =>
        connection.ExecuteScalarAsync<string?>("""
            select case when v.admitted_at is null or v.admitted_at > @asOf then 'not-yet-admitted'
                        when exists (select 1 from vendor_suspensions s where s.member_id = v.member_id and s.suspended_from <= @asOf
                                        and (s.suspended_to is null or s.suspended_to > @asOf)) then 'suspended'
                        when v.status in ('withdrawn', 'expelled') and coalesce(v.left_at, v.updated_at) <= @asOf then v.status
                        else 'admitted' end
              from vendors v where v.member_id = @vendor
            """, new { vendor, asOf });
}
