using Alliance.Hosting;
using Marten;
using Npgsql;

namespace Alliance.Compatibility.Evaluations;

/// <summary>
/// Publishes a submission's results when its review window has closed with every objection resolved, and withdraws a
/// preview system's results when its deadline passed without it becoming available, including deadlines that
/// passed while the service was down. Every row selected is one the decision acts on.
/// </summary>
public sealed class EvaluationDeadlines(IDocumentStore store, NpgsqlDataSource db, TimeProvider clock, IConfiguration config, ILogger<EvaluationDeadlines> log, Leadership leadership)
    : DeadlineWorker<Evaluation>(store, db, clock, config, log, leadership)
{
    protected override string DueSql => """
        select submission_id from evaluation_submissions
         where (status = 'under-review' and review_until <= @now and open_objections = 0)
            or (category = 'preview' and available_at is null and available_by <= @now and status in ('under-review', 'published'))
         limit 100
        """;

    protected override string IntervalSetting => "Evaluations:DeadlineIntervalMs";

    protected override object[] Decide(Evaluation evaluation, DateTimeOffset now) => EvaluationDecisions.Due(evaluation, now);
}
