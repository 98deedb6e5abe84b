using System.Text.Json;
using Alliance.Hosting;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Alliance.Compatibility.Evaluations;

/// <summary>
/// Submissions and their results as flat rows, inline with the events. A result is public from published_at until
/// withdrawn_at, so "as of" any instant is one indexed query (the sort keys, their indexes and the counters of a
/// page's total: EvaluationOrder); the result id is unique (a second submission under the same id fails in the same
/// transaction).
/// </summary>
public sealed partial class EvaluationProjection : EventProjection
{
    public static readonly ReadModelSchema Schema = new("evaluations", """
        create table if not exists evaluation_submissions (
            submission_id uuid primary key,
            result_id text not null unique,
            round text not null,
            standard_code text not null,
            version text not null,
            product_id uuid not null,
            vendor_id uuid not null,
            division text not null,
            category text not null,
            system jsonb not null,
            checks_failed jsonb not null,
            status text not null,
            review_until timestamptz not null,
            available_by timestamptz,
            available_at timestamptz,
            open_objections int not null default 0,
            submitted_at timestamptz not null,
            source text);
        create index if not exists evaluation_submissions_due on evaluation_submissions (review_until) where status = 'under-review';
        create index if not exists evaluation_submissions_product on evaluation_submissions (product_id);
        create table if not exists evaluation_results (
            submission_id uuid not null,
            result_id text not null,
            benchmark text not null,
            scenario text not null,
            standard_code text not null,
            version text not null,
            division text not null,
            category text not null,
            system_type text,
            product_id uuid not null,
            vendor_id uuid not null,
            system_name text,
            nodes int,
            accelerators_per_node int,
            accelerator_model text,
            processor text,
            software text,
            score double precision not null,
            unit text not null,
            higher_is_better boolean not null,
            accuracy jsonb not null,
            accuracy_text text,
            power double precision,
            power_unit text,
            logs_url text,
            code_url text,
            checks_failed jsonb not null,
            status text not null,
            reviewed_by text,
            published_at timestamptz,
            withdrawn_at timestamptz,
            withdrawal_reason text,
            primary key (submission_id, benchmark, scenario));
        create index if not exists evaluation_results_product on evaluation_results (product_id);
        """ + EvaluationOrder.Schema);

    private static string Json(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
    private static object Db(object? value) => value ?? DBNull.Value;

    public void Project(IEvent<EvaluationSubmitted> e, IDocumentOperations ops)
    {
        var d = e.Data;
        var state = Evaluation.Create(d);
        ops.QueueSqlCommand("""
            insert into evaluation_submissions (submission_id, result_id, round, standard_code, version, product_id, vendor_id, division, category, system, checks_failed,
                status, review_until, available_by, submitted_at, source)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?)
            """, d.SubmissionId, d.ResultId, d.Round, d.StandardCode, d.Version, d.ProductId, d.VendorId, d.Division, d.Category, Json(d.System), Json(d.ChecksFailed),
            state.Status, d.ReviewUntil, Db(d.AvailableBy), d.SubmittedAt, Db(d.Source));
        foreach (var r in d.Results)
            ops.QueueSqlCommand("""
                insert into evaluation_results (submission_id, result_id, benchmark, scenario, standard_code, version, division, category, system_type, product_id, vendor_id,
                    system_name, nodes, accelerators_per_node, accelerator_model, processor, software, score, unit, higher_is_better, accuracy, accuracy_text, power, power_unit,
                    logs_url, code_url, checks_failed, status)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?::jsonb, ?)
                """, d.SubmissionId, d.ResultId, r.Benchmark, r.Scenario, d.StandardCode, d.Version, d.Division, d.Category, Db(d.System.SystemType), d.ProductId, d.VendorId,
                Db(d.System.Name), Db(d.System.Nodes), Db(d.System.AcceleratorsPerNode), Db(d.System.AcceleratorModel), Db(d.System.Processor), Db(d.System.Software),
                r.Score, r.Unit, r.HigherIsBetter, Json(r.Accuracy), Db(r.AccuracyText), Db(r.Power), Db(r.PowerUnit), Db(r.LogsUrl), Db(r.CodeUrl), Json(r.ChecksFailed),
                state.Status == "checks-failed" || r.ChecksFailed.Length > 0 ? "checks-failed" : "under-review");
    }

    public void Project(IEvent<EvaluationObjectionFiled> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update evaluation_submissions set open_objections = open_objections + 1 where submission_id = ?", e.StreamId);

    public void Project(IEvent<EvaluationObjectionResolved> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update evaluation_submissions set open_objections = open_objections - 1 where submission_id = ?", e.StreamId);

    public void Project(IEvent<EvaluationReviewClosed> e, IDocumentOperations ops)
    {
        ops.QueueSqlCommand("update evaluation_submissions set status = ? where submission_id = ?", e.Data.Published.Length > 0 ? "published" : "rejected", e.StreamId);
        ops.QueueSqlCommand("""
            update evaluation_results set status = 'rejected' where submission_id = ? and status = 'under-review' and (benchmark || '/' || scenario) = any(?)
            """, e.StreamId, e.Data.Rejected);
    }

    public void Project(IEvent<EvaluationResultPublished> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update evaluation_results set status = 'published', published_at = ?, reviewed_by = ? where submission_id = ? and benchmark = ? and scenario = ?",
            e.Data.PublishedAt, e.Data.ReviewedBy, e.StreamId, e.Data.Benchmark, e.Data.Scenario);

    public void Project(IEvent<EvaluationSystemAvailable> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update evaluation_submissions set available_at = ? where submission_id = ?", e.Data.AvailableAt, e.StreamId);

    public void Project(IEvent<EvaluationResultWithdrawn> e, IDocumentOperations ops)
    {
        ops.QueueSqlCommand("update evaluation_submissions set status = 'withdrawn' where submission_id = ?", e.StreamId);
        ops.QueueSqlCommand("""
            update evaluation_results set status = 'withdrawn', withdrawn_at = ?, withdrawal_reason = ? where submission_id = ? and benchmark = ? and scenario = ?
            """, e.Data.WithdrawnAt, e.Data.Reason, e.StreamId, e.Data.Benchmark, e.Data.Scenario);
    }
}
