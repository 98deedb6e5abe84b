namespace Alliance.Compatibility.Evaluations;

/// <summary>
/// What keeps a page of GET /evaluations/results to the cost of the page (docs/benchmarks.md, E1). Before, each
/// query counted and sorted every match of its filter: p99 3,964 ms at 100,000 results. Now
/// <list type="bullet">
/// <item>the sort keys are stored generated columns: <c>score_key</c> (the score in the metric's own direction:
/// negated where higher is better, so one ascending index serves both directions), <c>per_accelerator</c> and
/// <c>per_watt</c> (the same expressions the query computed), and each sort has an index in the table's order
/// (benchmark, scenario, unit, key, result id), so a page reads offset + limit rows; a filter on division and
/// category has its own, so a rare pair does not walk the whole benchmark;</item>
/// <item>the asOf condition is indexable: <c>published_at</c> has an index (a past instant before most
/// publications reads the few rows published by then), and <c>withdrawn_from</c> (when a result counts as
/// withdrawn: the later of its publication and its withdrawal, null while either is missing) another;</item>
/// <item>two counter tables kept exact by statement triggers (whatever writes the table) count the results
/// published and withdrawn per UTC day, one by the table's own columns (standard, version, benchmark, scenario,
/// division, category), one by the system's (standard, version, submitter, accelerator, system type), so the
/// total of a page is a sum over days plus the changes of the instant's own day, not a count of every match.</item>
/// </list>
/// Appended to the evaluations DDL, under the startup lock.
/// </summary>
public static class EvaluationOrder
{
    /// <summary>The columns of each counter table, in its key's order (the day last).</summary>
    public static readonly string[] TableKeys = ["standard_code", "version", "benchmark", "scenario", "division", "category"];

    public static readonly string[] SystemKeys = ["standard_code", "version", "vendor_id", "accelerator_model", "system_type"];

    // The signed changes of one statement: +1 for each row in new_rows, -1 for each in old_rows.
    private static string Apply(string signedRows)
    {
        var all = string.Join(", ", TableKeys.Concat(SystemKeys.Except(TableKeys)));
        string Upsert(string table, string[] keys)
        {
            var k = string.Join(", ", keys);
            var positions = string.Join(", ", Enumerable.Range(1, keys.Length + 1));
            return $"""
                insert into {table} as t ({k}, day, published, withdrawn)
                select {k}, day, sum(published), sum(withdrawn) from days group by {positions}
                having sum(published) <> 0 or sum(withdrawn) <> 0 order by {positions}
                on conflict ({k}, day) do update set published = t.published + excluded.published, withdrawn = t.withdrawn + excluded.withdrawn
                """;
        }
        return $"""
            with signed as ({signedRows}),
                 days as (select {all}, date_trunc('day', published_at, 'UTC') as day, d as published, 0 as withdrawn from signed where published_at is not null
                          union all
                          select {all}, date_trunc('day', withdrawn_from, 'UTC'), 0, d from signed where withdrawn_from is not null),
                 by_table as ({Upsert("evaluation_results_by_day", TableKeys)})
            {Upsert("evaluation_results_by_system_day", SystemKeys)};
            """;
    }

    // The sorts' keys, each after the table's own order; an index per sort, and per sort after a prefix whose
    // equality filters would otherwise walk many rows to fill a page: a division and category (a rare pair late in
    // a benchmark's order), a vendor, an accelerator model (one walk per value: EvaluationResultSql.Fanned).
    private static readonly (string Name, string Key)[] Sorts = [("score", "score_key"), ("per_accelerator", "per_accelerator desc nulls last"), ("per_watt", "per_watt desc nulls last")];

    private static readonly (string Name, string Lead)[] Prefixes =
        [("", "benchmark"), ("class_", "benchmark, division, category"), ("vendor_", "vendor_id, benchmark"), ("model_", "accelerator_model, benchmark")];

    private static string Indexes() => string.Join("\n", Prefixes.SelectMany(p => Sorts.Select(s =>
        $"create index if not exists evaluation_results_by_{p.Name}{s.Name} on evaluation_results ({p.Lead}, scenario, unit, {s.Key}, result_id) where published_at is not null;")));

    private const string Columns = "standard_code, version, benchmark, scenario, division, category, vendor_id, accelerator_model, system_type, published_at, withdrawn_from";

    public static readonly string Schema = $$"""

        alter table evaluation_results add column if not exists score_key double precision
          generated always as (case when higher_is_better then -score else score end) stored;
        alter table evaluation_results add column if not exists per_accelerator double precision
          generated always as (case when higher_is_better and accelerators_per_node > 0 then score / (coalesce(nodes, 1) * accelerators_per_node) end) stored;
        alter table evaluation_results add column if not exists per_watt double precision
          generated always as (case when higher_is_better and power > 0 and lower(power_unit) in ('watts', 'watt', 'w') then score / power end) stored;
        alter table evaluation_results add column if not exists withdrawn_from timestamptz
          generated always as (case when published_at is not null and withdrawn_at is not null then greatest(published_at, withdrawn_at) end) stored;
        -- Replaced by evaluation_results_by_score (the same prefix, in the table's order).
        drop index if exists evaluation_results_table;
        {{Indexes()}}
        create index if not exists evaluation_results_published_at on evaluation_results (published_at) where published_at is not null;
        create index if not exists evaluation_results_withdrawn_from on evaluation_results (withdrawn_from) where withdrawn_from is not null;

        create table if not exists evaluation_results_by_day (
            standard_code text not null,
            version text not null,
            benchmark text not null,
            scenario text not null,
            division text not null,
            category text not null,
            day timestamptz not null,
            published bigint not null,
            withdrawn bigint not null,
            primary key (standard_code, version, benchmark, scenario, division, category, day));
        -- The accelerator and system type may be missing: nulls are one key each, not distinct ones.
        create table if not exists evaluation_results_by_system_day (
            standard_code text not null,
            version text not null,
            vendor_id uuid not null,
            accelerator_model text,
            system_type text,
            day timestamptz not null,
            published bigint not null,
            withdrawn bigint not null,
            unique nulls not distinct (standard_code, version, vendor_id, accelerator_model, system_type, day));
        create or replace function evaluation_results_count() returns trigger language plpgsql as $$
        begin
          -- A publication's results are updated one statement each, in the submission's order: two transactions
          -- publishing the same benchmarks in another order would take the counters' row locks crosswise (a
          -- deadlock). One transaction lock, taken before the first counter, orders them; only changes that
          -- touch a published result take it.
          if tg_op = 'INSERT' then
            if exists (select 1 from new_rows where published_at is not null) then
              perform pg_advisory_xact_lock(hashtext('evaluation_results_count'), 0);
              {{Apply($"select {Columns}, 1 as d from new_rows")}}
            end if;
          elsif tg_op = 'DELETE' then
            if exists (select 1 from old_rows where published_at is not null) then
              perform pg_advisory_xact_lock(hashtext('evaluation_results_count'), 0);
              {{Apply($"select {Columns}, -1 as d from old_rows")}}
            end if;
          else
            if exists (select 1 from new_rows where published_at is not null) or exists (select 1 from old_rows where published_at is not null) then
              perform pg_advisory_xact_lock(hashtext('evaluation_results_count'), 0);
              {{Apply($"select {Columns}, 1 as d from new_rows union all select {Columns}, -1 from old_rows")}}
            end if;
          end if;
          return null;
        end $$;
        create or replace trigger evaluation_results_inserted after insert on evaluation_results
          referencing new table as new_rows for each statement execute function evaluation_results_count();
        create or replace trigger evaluation_results_updated after update on evaluation_results
          referencing old table as old_rows new table as new_rows for each statement execute function evaluation_results_count();
        create or replace trigger evaluation_results_deleted after delete on evaluation_results
          referencing old table as old_rows for each statement execute function evaluation_results_count();
        -- Once, on a database that had results before the counters existed (the trigger keeps them from then on).
        insert into evaluation_results_by_day (standard_code, version, benchmark, scenario, division, category, day, published, withdrawn)
        select standard_code, version, benchmark, scenario, division, category, day, sum(p), sum(w) from (
            select standard_code, version, benchmark, scenario, division, category, date_trunc('day', published_at, 'UTC') as day, 1 as p, 0 as w
              from evaluation_results where published_at is not null
            union all
            select standard_code, version, benchmark, scenario, division, category, date_trunc('day', withdrawn_from, 'UTC'), 0, 1
              from evaluation_results where withdrawn_from is not null) x
         where not exists (select 1 from evaluation_results_by_day)
         group by 1, 2, 3, 4, 5, 6, 7;
        insert into evaluation_results_by_system_day (standard_code, version, vendor_id, accelerator_model, system_type, day, published, withdrawn)
        select standard_code, version, vendor_id, accelerator_model, system_type, day, sum(p), sum(w) from (
            select standard_code, version, vendor_id, accelerator_model, system_type, date_trunc('day', published_at, 'UTC') as day, 1 as p, 0 as w
              from evaluation_results where published_at is not null
            union all
            select standard_code, version, vendor_id, accelerator_model, system_type, date_trunc('day', withdrawn_from, 'UTC'), 0, 1
              from evaluation_results where withdrawn_from is not null) x
         where not exists (select 1 from evaluation_results_by_system_day)
         group by 1, 2, 3, 4, 5, 6;
        """;
}
