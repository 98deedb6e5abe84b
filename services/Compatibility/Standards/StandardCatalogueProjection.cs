using System.Text.Json;
using Alliance.Hosting;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Alliance.Compatibility.Standards;

/// <summary>The standards catalogue as flat tables, inline with the events; the unique code refuses a second standard of the same code.</summary>
public sealed partial class StandardCatalogueProjection : EventProjection
{
    public static readonly ReadModelSchema Schema = new("standards", """
        create table if not exists standards (
            code text primary key,
            standard_id uuid not null unique,
            title text not null,
            description text not null,
            committee_id uuid not null,
            validity jsonb not null,
            certifiable_earlier_versions int not null,
            created_at timestamptz not null);
        create table if not exists standard_versions (
            code text not null,
            version text not null,
            status text not null,
            requirements jsonb not null,
            prerequisites jsonb not null,
            proposed_at timestamptz not null,
            ratified_at timestamptz,
            primary key (code, version));
        alter table standards add column if not exists kind text not null default 'conformance';
        alter table standard_versions add column if not exists evaluation jsonb;
        -- A round names result ids (v4.1-0001): two suites never share one.
        create unique index if not exists standard_versions_round on standard_versions ((evaluation->>'round')) where evaluation is not null;
        """);

    private static string Json(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);

    public void Project(IEvent<StandardCreated> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("insert into standards (code, standard_id, title, description, committee_id, validity, certifiable_earlier_versions, created_at, kind) values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)",
            e.Data.Code, e.Data.StandardId, e.Data.Title, e.Data.Description, e.Data.CommitteeId, Json(e.Data.Validity), e.Data.CertifiableEarlierVersions, e.Data.CreatedAt,
            e.Data.Kind ?? Standard.Conformance);

    public void Project(IEvent<StandardVersionProposed> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("""
            insert into standard_versions (code, version, status, requirements, prerequisites, proposed_at, evaluation)
            select code, ?, 'draft', ?::jsonb, ?::jsonb, ?, ?::jsonb from standards where standard_id = ?
            """, e.Data.Version, Json(e.Data.Requirements), Json(e.Data.Prerequisites), e.Data.ProposedAt,
            e.Data.Evaluation is null ? DBNull.Value : Json(e.Data.Evaluation), e.StreamId);

    public void Project(IEvent<StandardVersionRatificationRequested> e, IDocumentOperations ops) => Status(ops, e, e.Data.Version, "under-ballot");
    public void Project(IEvent<StandardVersionRejected> e, IDocumentOperations ops) => Status(ops, e, e.Data.Version, "rejected");
    public void Project(IEvent<StandardVersionRatificationRequestRefused> e, IDocumentOperations ops) => Status(ops, e, e.Data.Version, e.Data.Status);
    public void Project(IEvent<StandardVersionWithdrawn> e, IDocumentOperations ops) => Status(ops, e, e.Data.Version, "withdrawn");

    public void Project(IEvent<StandardVersionRatified> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update standard_versions set status = 'ratified', ratified_at = ? where version = ? and code = (select code from standards where standard_id = ?)",
            e.Data.RatifiedAt, e.Data.Version, e.StreamId);

    private static void Status(IDocumentOperations ops, IEvent e, string version, string status) =>
        ops.QueueSqlCommand("update standard_versions set status = ? where version = ? and code = (select code from standards where standard_id = ?)", status, version, e.StreamId);
}
