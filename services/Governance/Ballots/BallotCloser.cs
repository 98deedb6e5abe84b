using Alliance.Hosting;
using Marten;
using Npgsql;

namespace Alliance.Governance.Ballots;

/// <summary>Closes every open ballot whose closing time has passed, including those that passed while the service was down.</summary>
public sealed class BallotCloser(IDocumentStore store, NpgsqlDataSource db, TimeProvider clock, IConfiguration config, ILogger<BallotCloser> log,
    Leadership leadership)
    : DeadlineWorker<Ballot>(store, db, clock, config, log, leadership)
{
    protected override string DueSql => "select ballot_id from ballots where status = 'open' and closes_at <= @now order by closes_at limit 100";
    protected override string IntervalSetting => "Ballots:CloserIntervalMs";

    protected override object[] Decide(Ballot ballot, DateTimeOffset now) =>
        ballot.Status == BallotStatus.Open && ballot.ClosesAt <= now ? BallotDecisions.Close(ballot, "schedule", now) : [];
}
