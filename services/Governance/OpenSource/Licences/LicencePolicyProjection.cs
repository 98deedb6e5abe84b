using System.Text.Json;
using Alliance.Hosting;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Alliance.Governance.OpenSource.Licences;

/// <summary>The current policy (one row per entry), its history, change proposals and exception records, written inline.</summary>
public sealed partial class LicencePolicyProjection : EventProjection
{
    public static readonly ReadModelSchema Schema = new("licence_policy", """
        create table if not exists licence_policy (
            key_lower text primary key,
            key text not null,
            category text not null,
            note text,
            changed_at timestamptz not null);
        create index if not exists licence_policy_category on licence_policy (category, key_lower);
        create table if not exists licence_policy_history (
            version bigint primary key,
            change_id uuid,
            decision_id uuid,
            changes jsonb not null,
            reason text not null,
            list_source text,
            at timestamptz not null);
        create table if not exists licence_policy_changes (
            change_id uuid primary key,
            ballot_id uuid not null,
            changes jsonb not null,
            reason text not null,
            status text not null,
            proposed_at timestamptz not null,
            decided_at timestamptz,
            decision_id uuid);
        create table if not exists licence_exceptions (
            exception_id uuid primary key,
            ballot_id uuid not null,
            package text not null,
            version text not null,
            licence text not null,
            project_id uuid not null,
            reason text not null,
            scope text not null,
            status text not null,
            explanation text,
            requested_at timestamptz not null,
            decided_at timestamptz,
            decision_id uuid);
        create index if not exists licence_exceptions_project on licence_exceptions (project_id, status);
        """);

    public void Project(IEvent<LicencePolicyAdopted> e, IDocumentOperations ops)
    {
        foreach (var entry in e.Data.Entries) Put(ops, entry.Key, entry.Category, entry.Note, e.Data.AdoptedAt);
        ops.QueueSqlCommand("insert into licence_policy_history (version, changes, reason, list_source, at) values (?, cast(? as jsonb), ?, ?, ?) on conflict do nothing",
            e.Version, Json(e.Data.Entries.Select(x => new PolicyChange(x.Key, null, x.Category, x.Note))), e.Data.Source, e.Data.ListSource, e.Data.AdoptedAt);
    }

    public void Project(IEvent<LicencePolicyChanged> e, IDocumentOperations ops)
    {
        foreach (var c in e.Data.Changes)
            if (c.To == LicenceCategories.NeedsReview) ops.QueueSqlCommand("delete from licence_policy where key_lower = ?", c.Key.ToLowerInvariant());
            else Put(ops, c.Key, c.To, c.Note, e.Data.ChangedAt);
        ops.QueueSqlCommand("insert into licence_policy_history (version, change_id, decision_id, changes, reason, at) values (?, ?, ?, cast(? as jsonb), ?, ?) on conflict do nothing",
            e.Version, e.Data.ChangeId, e.Data.DecisionId, Json(e.Data.Changes), e.Data.Reason, e.Data.ChangedAt);
    }

    public void Project(IEvent<PolicyChangeProposed> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("insert into licence_policy_changes (change_id, ballot_id, changes, reason, status, proposed_at) values (?, ?, cast(? as jsonb), ?, 'pending', ?)",
            e.Data.ChangeId, e.Data.BallotId, Json(e.Data.Changes), e.Data.Reason, e.Data.ProposedAt);

    public void Project(IEvent<PolicyChangeDecided> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update licence_policy_changes set status = ?, decided_at = ?, decision_id = ? where change_id = ?",
            e.Data.Approved ? "approved" : "rejected", e.Data.DecidedAt, e.Data.DecisionId, e.Data.ChangeId);

    public void Project(IEvent<LicenceExceptionRequested> e, IDocumentOperations ops)
    {
        var x = e.Data;
        ops.QueueSqlCommand("""
            insert into licence_exceptions (exception_id, ballot_id, package, version, licence, project_id, reason, scope, status, requested_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)
            """, x.ExceptionId, x.BallotId, x.Package, x.Version, x.Licence, x.RequestingProjectId, x.Reason, x.Scope, x.RequestedAt);
    }

    public void Project(IEvent<LicenceExceptionDecided> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update licence_exceptions set status = ?, explanation = ?, decided_at = ?, decision_id = ? where exception_id = ?",
            e.Data.Status, e.Data.Explanation, e.Data.DecidedAt, e.Data.DecisionId, e.Data.ExceptionId);

    private static void Put(IDocumentOperations ops, string key, string category, string? note, DateTimeOffset at) =>
        ops.QueueSqlCommand("""
            insert into licence_policy (key_lower, key, category, note, changed_at) values (?, ?, ?, ?, ?)
            on conflict (key_lower) do update set key = excluded.key, category = excluded.category, note = excluded.note, changed_at = excluded.changed_at
            """, key.ToLowerInvariant(), key, category, (object?)note ?? DBNull.Value, at);

    private static string Json<T>(IEnumerable<T> items) => JsonSerializer.Serialize(items, JsonSerializerOptions.Web);
}
