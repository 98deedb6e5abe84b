using Alliance.Contracts.Compatibility;
using Alliance.Hosting;
using Dapper;
using MassTransit;
using Npgsql;

namespace Alliance.Market.Traits;

/// <summary>
/// The market's own copy of the evaluation results Compatibility made public, from its EvaluationResultPublished and
/// EvaluationResultWithdrawn messages (never from its database). One row per result (submission id, benchmark, scenario)
/// with when it was published and when it was withdrawn, so the EVAL traits can be computed for any instant. A withdrawal
/// is final in Compatibility, so the two messages of a result may arrive in either order: each fills in its own columns.
/// </summary>
public sealed class EvaluationBook(ProcessedMessages processed) : IConsumer<EvaluationResultPublished>, IConsumer<EvaluationResultWithdrawn>
{
    public static readonly ReadModelSchema Schema = new("evaluation_results", """
        create table if not exists evaluation_results (
            result_id text not null,
            benchmark text not null,
            scenario text not null,
            product_id uuid not null,
            score double precision,
            unit text,
            higher_is_better boolean,
            published_at timestamptz,
            withdrawn_at timestamptz,
            primary key (result_id, benchmark, scenario));
        create index if not exists evaluation_results_product on evaluation_results (product_id);
        """);

    public Task Consume(ConsumeContext<EvaluationResultPublished> context) =>
        processed.Once(context, "evaluation-book", (db, tx) => Changed(db, tx, """
            insert into evaluation_results (result_id, benchmark, scenario, product_id, score, unit, higher_is_better, published_at)
            values (@ResultId, @Benchmark, @Scenario, @ProductId, @Score, @Unit, @HigherIsBetter, @PublishedAt)
            on conflict (result_id, benchmark, scenario) do update
               set score = excluded.score, unit = excluded.unit, higher_is_better = excluded.higher_is_better, published_at = excluded.published_at
            """, context.Message));

    public Task Consume(ConsumeContext<EvaluationResultWithdrawn> context) =>
        processed.Once(context, "evaluation-book", (db, tx) => Changed(db, tx, """
            insert into evaluation_results (result_id, benchmark, scenario, product_id, withdrawn_at)
            values (@ResultId, @Benchmark, @Scenario, @ProductId, @WithdrawnAt)
            on conflict (result_id, benchmark, scenario) do update set withdrawn_at = least(coalesce(evaluation_results.withdrawn_at, excluded.withdrawn_at), excluded.withdrawn_at)
            """, context.Message));

    // The change and the trait book's generation in one transaction: every Market instance's cached book is stale from this commit on.
    private static async Task Changed(NpgsqlConnection db, NpgsqlTransaction tx, string sql, object message)
    {
        await db.ExecuteAsync(sql, message, tx);
        await db.ExecuteAsync(TraitBookCache.Bump, transaction: tx);
    }
}
