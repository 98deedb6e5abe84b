namespace Alliance.Compatibility.Certifications;

/// <summary>
/// What keeps a matrix page's cost to the page (docs/benchmarks.md, P2u). Before, each page joined the catalogue
/// for the natural version order and the products for their names, sorted every certification granted by the
/// instant and counted them all: 3.7 s a page at 100,000 certifications. Now
/// <list type="bullet">
/// <item>the sort keys are columns of certifications: <c>version_natural</c>, generated from the version string
/// (the numbers in it, as numbers: v1.7 before v1.10; the same expression the catalogue join computed), and
/// <c>product_name</c>, written with the certification and kept by the product projection on a rename;</item>
/// <item><c>certifications_matrix_order</c> holds the matrix's order, so a page reads offset + limit rows;</item>
/// <item><c>matrix_grants_by_day</c> counts the grants of each standard, version and UTC day (and
/// <c>matrix_grants_by_standard_day</c> of each standard and day, for a view of every version: a sum over days, not
/// over versions times days; 10,000 rows took 18 ms of a page at 100,000), kept exact by
/// statement triggers on certifications (whatever writes it: the projection, a rebuild, a withdrawal), so the
/// total of a page is a sum over days plus the grants of one day, not a count of every row.</item>
/// </list>
/// Appended to the certifications DDL, under its advisory lock.
/// </summary>
public static class MatrixOrder
{
    public const string Schema = """

        create or replace function matrix_natural_version(v text) returns numeric[] language sql immutable parallel safe as
          $$ select array_agg(n[1]::numeric) from regexp_matches(v, '(\d{1,30})', 'g') as n $$;
        alter table certifications add column if not exists version_natural numeric[] generated always as (matrix_natural_version(version)) stored;
        alter table certifications add column if not exists product_name text;
        update certifications c set product_name = p.name from products p where p.product_id = c.product_id and c.product_name is null;
        create index if not exists certifications_matrix_order on certifications (standard_code, version_natural, version, product_name, certification_id)
          where valid_from is not null;
        create index if not exists certifications_valid_from on certifications (valid_from) where valid_from is not null;

        create table if not exists matrix_grants_by_day (
            standard_code text not null,
            version text not null,
            day timestamptz not null,
            n bigint not null,
            primary key (standard_code, version, day));
        create table if not exists matrix_grants_by_standard_day (
            standard_code text not null,
            day timestamptz not null,
            n bigint not null,
            primary key (standard_code, day));
        create or replace function matrix_grants_count() returns trigger language plpgsql as $$
        begin
          -- The change per standard, version and day, added to both counters; rows in key order, so two transactions
          -- granting on the same days take the counters' locks in one order.
          if tg_op = 'INSERT' then
            with delta as (select standard_code, version, date_trunc('day', valid_from, 'UTC') as day, count(*) as n from new_rows
                            where valid_from is not null group by 1, 2, 3),
                 by_version as (insert into matrix_grants_by_day as t (standard_code, version, day, n) select * from delta order by 1, 2, 3
                                on conflict (standard_code, version, day) do update set n = t.n + excluded.n)
            insert into matrix_grants_by_standard_day as t (standard_code, day, n) select standard_code, day, sum(n) from delta group by 1, 2 order by 1, 2
            on conflict (standard_code, day) do update set n = t.n + excluded.n;
          elsif tg_op = 'DELETE' then
            with delta as (select standard_code, version, date_trunc('day', valid_from, 'UTC') as day, -count(*) as n from old_rows
                            where valid_from is not null group by 1, 2, 3),
                 by_version as (insert into matrix_grants_by_day as t (standard_code, version, day, n) select * from delta order by 1, 2, 3
                                on conflict (standard_code, version, day) do update set n = t.n + excluded.n)
            insert into matrix_grants_by_standard_day as t (standard_code, day, n) select standard_code, day, sum(n) from delta group by 1, 2 order by 1, 2
            on conflict (standard_code, day) do update set n = t.n + excluded.n;
          else
            with delta as (select standard_code, version, day, sum(d) as n from (
                              select standard_code, version, date_trunc('day', valid_from, 'UTC') as day, 1 as d from new_rows where valid_from is not null
                              union all
                              select standard_code, version, date_trunc('day', valid_from, 'UTC'), -1 from old_rows where valid_from is not null) x
                            group by 1, 2, 3 having sum(d) <> 0),
                 by_version as (insert into matrix_grants_by_day as t (standard_code, version, day, n) select * from delta order by 1, 2, 3
                                on conflict (standard_code, version, day) do update set n = t.n + excluded.n)
            insert into matrix_grants_by_standard_day as t (standard_code, day, n) select standard_code, day, sum(n) from delta group by 1, 2 order by 1, 2
            on conflict (standard_code, day) do update set n = t.n + excluded.n;
          end if;
          return null;
        end $$;
        create or replace trigger matrix_grants_inserted after insert on certifications
          referencing new table as new_rows for each statement execute function matrix_grants_count();
        create or replace trigger matrix_grants_updated after update on certifications
          referencing old table as old_rows new table as new_rows for each statement execute function matrix_grants_count();
        create or replace trigger matrix_grants_deleted after delete on certifications
          referencing old table as old_rows for each statement execute function matrix_grants_count();
        -- Once, on a database that had certifications before the counters existed.
        insert into matrix_grants_by_day (standard_code, version, day, n)
        select standard_code, version, date_trunc('day', valid_from, 'UTC'), count(*) from certifications
         where valid_from is not null and not exists (select 1 from matrix_grants_by_day)
         group by 1, 2, 3;
        insert into matrix_grants_by_standard_day (standard_code, day, n)
        select standard_code, day, sum(n) from matrix_grants_by_day
         where not exists (select 1 from matrix_grants_by_standard_day)
         group by 1, 2;
        """;
}
