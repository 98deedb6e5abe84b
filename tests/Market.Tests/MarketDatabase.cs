using Alliance.Market.Traits;
using Alliance.Testing;
using Dapper;
using Npgsql;
using Xunit;

namespace Alliance.Market.Tests;

/// <summary>
/// A fresh database with the Market's read-model tables and nothing running on it: for what is decided in SQL
/// (CandidateQuery) against what the Matcher decides in memory. Rows are written directly, as the projection writes them.
/// </summary>
public sealed class MarketDatabase : IAsyncLifetime
{
    public TestServers Servers { get; } = new();
    public NpgsqlDataSource Db { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Servers.InitializeAsync();
        Db = NpgsqlDataSource.Create(Servers.ConnectionString("market"));
        await using var connection = await Db.OpenConnectionAsync();
        foreach (var schema in new[] { MarketProjection.Schema, CertificationBook.Schema, EvaluationBook.Schema, TraitBookCache.Schema })
            await connection.ExecuteAsync(schema.Sql);
    }

    public async Task<Guid> Site(string region, Guid[] systems)
    {
        var id = Guid.NewGuid();
        await using var connection = await Db.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            insert into sites (site_id, member_id, name, region, operator, registered_at, system_product_ids) values (@id, @member, 'DC', @region, 'Ops', now(), @systems)
            """, new { id, member = Guid.NewGuid(), region, systems });
        return id;
    }

    /// <summary>The site's current inventory of a class; an older row closed before it, which matching must not read.</summary>
    public async Task Inventory(Guid site, string cls, long total, long reserved = 0, long min = 1, long? max = null, long step = 1)
    {
        await using var connection = await Db.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            insert into inventory_history (site_id, resource_class, total, reserved, min_unit, max_unit, step_size, valid_from, valid_to)
            values (@site, @cls, 1000000, 0, 1, 1000000, 1, now() - interval '2 days', now() - interval '1 day'),
                   (@site, @cls, @total, @reserved, @min, @max, @step, now() - interval '1 day', null)
            """, new { site, cls, total, reserved, min, max = max ?? Math.Max(total, min), step });
    }

    public async Task<Guid> Offer(Guid site, string region, string cls, long units, decimal price, string currency, DateTimeOffset startsAt, DateTimeOffset endsAt,
        string status = "open")
    {
        var id = Guid.NewGuid();
        await using var connection = await Db.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            insert into offers (offer_id, site_id, member_id, region, resource_class, units, price, currency, starts_at, ends_at, status, published_at, changed_at)
            values (@id, @site, @member, @region, @cls, @units, @price, @currency, @startsAt, @endsAt, @status, now(), now())
            """, new { id, site, member = Guid.NewGuid(), region, cls, units, price, currency, startsAt, endsAt, status });
        return id;
    }

    public async Task Lease(Guid site, Guid offer, string cls, long units, bool closed = false)
    {
        await using var connection = await Db.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            insert into leases (lease_id, site_id, offer_id, request_id, provider_member_id, requester_member_id, resource_class, units, price, currency,
                                starts_at, ends_at, created_at, closed_at)
            values (@lease, @site, @offer, @request, @provider, @requester, @cls, @units, 1, 'CNY', now(), now() + interval '1 day', now(),
                    case when @closed then now() end)
            """, new { lease = Guid.NewGuid(), site, offer, request = Guid.NewGuid(), provider = Guid.NewGuid(), requester = Guid.NewGuid(), cls, units, closed });
    }

    public async Task DisposeAsync()
    {
        if (Db is not null) await Db.DisposeAsync();
        await Servers.DisposeAsync();
    }
}
