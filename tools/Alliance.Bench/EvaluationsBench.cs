using Alliance.Compatibility;
using Alliance.Compatibility.Evaluations;
using Alliance.Hosting;
using JasperFx;
using Marten;
using Npgsql;

namespace Alliance.Bench;

/// <summary>
/// E1, the evaluation results query (issue 22): GET /api/evaluations/results through the gateway with a mix of the
/// filters the imported MLPerf Inference v4.1 table has real values for, each as of its own instant (so no cache
/// answers), open loop; at the imported size, then at 100,000 results grown with real events of Compatibility's own
/// types: each imported submission's stream (submitted, review closed, results published, withdrawn or available)
/// appended again under a new submission and result id, with its mappings and inline projections, as SyntheticMatrix does.
/// </summary>
public sealed class EvaluationsBench(Setup setup)
{
    public const double Rate = 50;   // queries a second: a results table browsed and filtered by people
    public const string Source = "synthetic-bench";
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("BENCH_SECONDS") ?? "10"));
    private readonly List<string> _queries = [];

    private string Database => setup.ServiceDatabase("compatibility");

    public async Task<long> Results()
    {
        await using var db = NpgsqlDataSource.Create(Database);
        await using var count = db.CreateCommand("select count(*) from evaluation_results");
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>The filter mix, from the values the imported table holds: every benchmark with its scenarios, divisions and categories, accelerators, submitters, the suite version.</summary>
    public async Task LoadFilters()
    {
        await using var db = NpgsqlDataSource.Create(Database);
        async Task<List<string[]>> Rows(string sql)
        {
            await using var query = db.CreateCommand(sql);
            await using var reader = await query.ExecuteReaderAsync();
            var rows = new List<string[]>();
            while (await reader.ReadAsync()) rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : reader.GetValue(i).ToString()!).ToArray());
            return rows;
        }
        var pairs = await Rows("select benchmark, scenario, division, category, standard_code, version from evaluation_results where published_at is not null group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4");
        var accelerators = await Rows("select split_part(accelerator_model, ' ', 2) from evaluation_results where accelerator_model like '% %' group by 1 order by count(*) desc limit 8");
        var submitters = await Rows("select v.name from evaluation_results r join vendors v on v.member_id = r.vendor_id group by 1 order by count(*) desc limit 8");
        string E(string s) => Uri.EscapeDataString(s);
        _queries.Clear();
        foreach (var p in pairs)
        {
            _queries.Add($"benchmark={E(p[0])}&scenario={E(p[1])}");
            _queries.Add($"benchmark={E(p[0])}&division={E(p[2])}&category={E(p[3])}&sort=perAccelerator");
        }
        foreach (var a in accelerators.Where(a => a[0].Length > 0)) _queries.Add($"accelerator={E(a[0])}&sort=perWatt");
        foreach (var s in submitters) _queries.Add($"submitter={E(s[0])}");
        if (pairs.Count > 0) _queries.AddRange([$"standard={E(pairs[0][4])}&version={E(pairs[0][5])}", $"standard={E(pairs[0][4])}&page=3", ""]);
        if (_queries.Count == 0) throw new InvalidOperationException("E1: no evaluation results to query (the MLPerf import did not run?)");
    }

    public int Queries => _queries.Count;

    /// <summary>One query of the mix as of a random instant of the last 17 minutes (every result imported is published by then).</summary>
    private string Url(int n) =>
        $"/api/evaluations/results?{_queries[n % _queries.Count]}&pageSize=25&asOf={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMilliseconds(-Random.Shared.Next(1_000_000)).ToString("O"))}";

    public Task<Sample> Paced() => Driver.Paced(Rate, Duration, async n =>
    {
        using var response = await setup.Gateway.GetAsync(Url(n));
        await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode;
    });

    /// <summary>Appends copies of the imported submissions until evaluation_results holds <paramref name="target"/> rows; returns how many results it added.</summary>
    public async Task<long> GrowTo(long target)
    {
        var connection = Database;
        var missing = target - await Results();
        if (missing <= 0) return 0;
        await using var store = DocumentStore.For(opts =>
        {
            opts.Connection(connection);
            opts.AutoCreateSchemaObjects = AutoCreate.None;   // the service owns the schema
            EventStore.ApplyConventions(opts);
            CompatibilityModule.Configure(opts);
        });
        var originals = new List<IReadOnlyList<object>>();
        await using (var query = store.QuerySession())
        {
            var submitted = await query.Events.QueryRawEventDataOnly<EvaluationSubmitted>().ToListAsync();
            foreach (var s in submitted.Where(s => s.Source != Source))
                originals.Add((await query.Events.FetchStreamAsync(s.SubmissionId)).Select(e => e.Data).ToList());
        }
        if (originals.Count == 0) throw new InvalidOperationException("E1: no imported submission to copy");
        var (added, copy) = (0L, 0);
        while (added < missing)
        {
            await using var session = store.LightweightSession();
            session.CorrelationId = Source;
            for (var i = 0; i < 50 && added < missing; i++, copy++)
            {
                var events = originals[copy % originals.Count];
                var submitted = (EvaluationSubmitted)events[0];
                var (id, resultId) = (Guid.CreateVersion7(), $"{submitted.ResultId}-b{copy / originals.Count + 1}");
                session.Events.StartStream<Evaluation>(id, events.Select(e => Copy(e, id, resultId)).ToArray());
                added += submitted.Results.Length;
            }
            await session.SaveChangesAsync();
        }
        return added;
    }

    private static object Copy(object e, Guid id, string resultId) => e switch
    {
        EvaluationSubmitted s => s with { SubmissionId = id, ResultId = resultId, Source = Source },
        EvaluationReviewClosed c => c with { SubmissionId = id },
        EvaluationResultPublished p => p with { SubmissionId = id, ResultId = resultId },
        EvaluationResultWithdrawn w => w with { SubmissionId = id, ResultId = resultId },
        EvaluationSystemAvailable a => a with { SubmissionId = id },
        EvaluationObjectionFiled o => o with { SubmissionId = id },
        EvaluationReviewerAppointed r => r with { SubmissionId = id },
        EvaluationObjectionResolved r => r with { SubmissionId = id },
        _ => throw new InvalidOperationException($"E1: an evaluation event the copy does not know: {e.GetType().Name}"),
    };
}
