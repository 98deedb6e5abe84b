using Alliance.Hosting;
using Alliance.Market.Offers;
using Alliance.Market.Requests;
using Alliance.Market.Sites;
using Marten;
using Npgsql;

namespace Alliance.Market.Leases;

// What falls due by the clock, each on its own stream and once (DeadlineWorker): leases end at their window's end,
// open requests and offers expire at theirs. Market:ScheduleIntervalMs sets the pace (default 1 s).

/// <summary>Closes the leases whose window has ended, with the full window as usage, and what follows on the request and the offer.</summary>
public sealed class LeaseSchedule(IDocumentStore store, NpgsqlDataSource db, TimeProvider clock, IConfiguration config, ILogger<LeaseSchedule> log, Leadership leadership)
    : DeadlineWorker<Site>(store, db, clock, config, log, leadership)
{
    protected override string DueSql => "select distinct site_id from leases where closed_at is null and ends_at <= @now limit 100";
    protected override string IntervalSetting => "Market:ScheduleIntervalMs";
    protected override object[] Decide(Site state, DateTimeOffset now) => LeaseDecisions.Due(state, now);

    protected override async Task<object[]> DecideAsync(IDocumentSession session, Site site, DateTimeOffset now, CancellationToken ct)
    {
        var closed = LeaseDecisions.Due(site, now);
        foreach (var e in closed)
        {
            site = site.Apply(e);
            await LeaseEnd.Follow(session, site, e, ct);
        }
        return closed;
    }
}

public sealed class OfferSchedule(IDocumentStore store, NpgsqlDataSource db, TimeProvider clock, IConfiguration config, ILogger<OfferSchedule> log, Leadership leadership)
    : DeadlineWorker<Offer>(store, db, clock, config, log, leadership)
{
    protected override string DueSql => """
        select o.offer_id from offers o where o.status in ('open', 'matched') and o.ends_at <= @now
           and not exists (select 1 from leases l where l.offer_id = o.offer_id and l.closed_at is null) limit 100
        """;
    protected override string IntervalSetting => "Market:ScheduleIntervalMs";
    protected override object[] Decide(Offer state, DateTimeOffset now) => OfferDecisions.Due(state, false, now) is { } e ? [e] : [];
}

public sealed class RequestSchedule(IDocumentStore store, NpgsqlDataSource db, TimeProvider clock, IConfiguration config, ILogger<RequestSchedule> log, Leadership leadership)
    : DeadlineWorker<ComputeRequest>(store, db, clock, config, log, leadership)
{
    protected override string DueSql => "select request_id from requests where status = 'open' and ends_at <= @now limit 100";
    protected override string IntervalSetting => "Market:ScheduleIntervalMs";
    protected override object[] Decide(ComputeRequest state, DateTimeOffset now) => RequestDecisions.Due(state, now) is { } e ? [e] : [];
}
