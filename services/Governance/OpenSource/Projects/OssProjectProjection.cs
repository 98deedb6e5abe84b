using System.Text.Json;
using Alliance.Hosting;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Alliance.Governance.OpenSource.Projects;

/// <summary>Flat tables of hosted projects, their maintainers, adopters, reviews, stage history and releases, written inline.</summary>
public sealed partial class OssProjectProjection : EventProjection
{
    public static readonly ReadModelSchema Schema = new("oss_projects", """
        create table if not exists oss_projects (
            project_id uuid primary key,
            name text not null,
            repository_url text not null,
            description text not null,
            licence text not null,
            sponsor_member_id uuid not null,
            sponsor_name text not null,
            stage text not null,
            pending_ballot_id uuid,
            pending_stage text,
            dco boolean not null default false,
            cla boolean not null default false,
            proposed_at timestamptz not null,
            stage_changed_at timestamptz,
            version bigint not null);
        create index if not exists oss_projects_stage on oss_projects (stage, name);
        create table if not exists oss_maintainers (
            project_id uuid not null,
            handle_key text not null,
            handle text not null,
            name text not null,
            affiliation_member_id uuid,
            affiliation text not null,
            emeritus boolean not null,
            joined_at timestamptz not null,
            emeritus_at timestamptz,
            primary key (project_id, handle_key));
        create table if not exists oss_adopters (
            project_id uuid not null,
            organisation text not null,
            url text not null,
            recorded_at timestamptz not null,
            primary key (project_id, organisation));
        create table if not exists oss_security_reviews (
            project_id uuid not null,
            review_date date not null,
            link text not null,
            summary text not null,
            recorded_at timestamptz not null);
        create index if not exists oss_security_reviews_project on oss_security_reviews (project_id, review_date);
        create table if not exists oss_stage_history (
            project_id uuid not null,
            from_stage text not null,
            to_stage text not null,
            ballot_id uuid not null,
            decision_id uuid,
            outcome text not null,
            at timestamptz not null);
        create index if not exists oss_stage_history_project on oss_stage_history (project_id, at);
        create table if not exists oss_releases (
            project_id uuid not null,
            version text not null,
            status text not null,
            licence text not null,
            dependencies integer not null,
            offending jsonb not null,
            notes jsonb not null,
            decided_at timestamptz not null,
            primary key (project_id, version));
        """);

    public void Project(IEvent<OssProjectProposed> e, IDocumentOperations ops)
    {
        var p = e.Data;
        ops.QueueSqlCommand("""
            insert into oss_projects (project_id, name, repository_url, description, licence, sponsor_member_id, sponsor_name, stage, proposed_at, version)
            values (?, ?, ?, ?, ?, ?, ?, 'proposed', ?, ?)
            """, p.ProjectId, p.Name, p.RepositoryUrl, p.Description, p.Licence, p.SponsorMemberId, p.SponsorName, p.ProposedAt, e.Version);
        foreach (var m in p.Maintainers) Upsert(ops, p.ProjectId, m, p.ProposedAt);
    }

    public void Project(IEvent<MaintainerJoined> e, IDocumentOperations ops) => Touch(ops, e, () => Upsert(ops, e.Data.ProjectId, e.Data.Maintainer, e.Data.JoinedAt));

    public void Project(IEvent<MaintainerRetired> e, IDocumentOperations ops) => Touch(ops, e, () =>
        ops.QueueSqlCommand("update oss_maintainers set emeritus = true, emeritus_at = ? where project_id = ? and handle_key = ?",
            e.Data.RetiredAt, e.Data.ProjectId, e.Data.Handle.ToLowerInvariant()));

    public void Project(IEvent<MaintainerAffiliationChanged> e, IDocumentOperations ops) => Touch(ops, e, () =>
        ops.QueueSqlCommand("update oss_maintainers set affiliation_member_id = ?, affiliation = ? where project_id = ? and handle_key = ?",
            (object?)e.Data.AffiliationMemberId ?? DBNull.Value, e.Data.Affiliation, e.Data.ProjectId, e.Data.Handle.ToLowerInvariant()));

    public void Project(IEvent<AdopterRecorded> e, IDocumentOperations ops) => Touch(ops, e, () =>
        ops.QueueSqlCommand("insert into oss_adopters (project_id, organisation, url, recorded_at) values (?, ?, ?, ?) on conflict do nothing",
            e.Data.ProjectId, e.Data.Organisation, e.Data.Url, e.Data.RecordedAt));

    public void Project(IEvent<SecurityReviewRecorded> e, IDocumentOperations ops) => Touch(ops, e, () =>
        ops.QueueSqlCommand("insert into oss_security_reviews (project_id, review_date, link, summary, recorded_at) values (?, ?, ?, ?, ?)",
            e.Data.ProjectId, e.Data.ReviewDate, e.Data.Link, e.Data.Summary, e.Data.RecordedAt));

    public void Project(IEvent<ContributorPolicySet> e, IDocumentOperations ops) => Touch(ops, e, () =>
        ops.QueueSqlCommand("update oss_projects set dco = ?, cla = ? where project_id = ?", e.Data.Dco, e.Data.Cla, e.Data.ProjectId));

    public void Project(IEvent<StageChangeRequested> e, IDocumentOperations ops) => Touch(ops, e, () =>
        ops.QueueSqlCommand("update oss_projects set pending_ballot_id = ?, pending_stage = ? where project_id = ?", e.Data.BallotId, e.Data.To, e.Data.ProjectId));

    public void Project(IEvent<StageChanged> e, IDocumentOperations ops) => Touch(ops, e, () =>
    {
        ops.QueueSqlCommand("update oss_projects set stage = ?, stage_changed_at = ?, pending_ballot_id = null, pending_stage = null where project_id = ?",
            e.Data.To, e.Data.ChangedAt, e.Data.ProjectId);
        ops.QueueSqlCommand("insert into oss_stage_history (project_id, from_stage, to_stage, ballot_id, decision_id, outcome, at) values (?, ?, ?, ?, ?, 'approved', ?)",
            e.Data.ProjectId, e.Data.From, e.Data.To, e.Data.BallotId, e.Data.DecisionId, e.Data.ChangedAt);
    });

    public void Project(IEvent<StageChangeRefused> e, IDocumentOperations ops) => Touch(ops, e, () =>
    {
        ops.QueueSqlCommand("update oss_projects set pending_ballot_id = null, pending_stage = null where project_id = ?", e.Data.ProjectId);
        ops.QueueSqlCommand("""
            insert into oss_stage_history (project_id, from_stage, to_stage, ballot_id, decision_id, outcome, at)
            select project_id, stage, ?, ?, ?, ?, ? from oss_projects where project_id = ?
            """, e.Data.To, e.Data.BallotId, e.Data.DecisionId, e.Data.Outcome, e.Data.RefusedAt, e.Data.ProjectId);
    });

    public void Project(IEvent<ReleaseApproved> e, IDocumentOperations ops) => Touch(ops, e, () =>
        Release(ops, e.Data.ProjectId, e.Data.Version, "approved", e.Data.Licence, e.Data.Dependencies.Length, [], e.Data.Notes, e.Data.DecidedAt));

    public void Project(IEvent<ReleaseBlocked> e, IDocumentOperations ops) => Touch(ops, e, () =>
        Release(ops, e.Data.ProjectId, e.Data.Version, "blocked", e.Data.Licence, e.Data.Dependencies.Length, e.Data.Offending, [], e.Data.DecidedAt));

    private static void Release(IDocumentOperations ops, Guid project, string version, string status, string licence, int dependencies, Offence[] offending, string[] notes, DateTimeOffset at) =>
        ops.QueueSqlCommand("""
            insert into oss_releases (project_id, version, status, licence, dependencies, offending, notes, decided_at) values (?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?)
            on conflict (project_id, version) do update set status = excluded.status, licence = excluded.licence, dependencies = excluded.dependencies,
                offending = excluded.offending, notes = excluded.notes, decided_at = excluded.decided_at
            """, project, version, status, licence, dependencies, JsonSerializer.Serialize(offending, JsonSerializerOptions.Web),
            JsonSerializer.Serialize(notes, JsonSerializerOptions.Web), at);

    private static void Upsert(IDocumentOperations ops, Guid project, Maintainer m, DateTimeOffset at) =>
        ops.QueueSqlCommand("""
            insert into oss_maintainers (project_id, handle_key, handle, name, affiliation_member_id, affiliation, emeritus, joined_at) values (?, ?, ?, ?, ?, ?, false, ?)
            on conflict (project_id, handle_key) do update set handle = excluded.handle, name = excluded.name, affiliation_member_id = excluded.affiliation_member_id,
                affiliation = excluded.affiliation, emeritus = false, joined_at = excluded.joined_at, emeritus_at = null
            """, project, m.Handle.ToLowerInvariant(), m.Handle, m.Name, (object?)m.AffiliationMemberId ?? DBNull.Value, m.Affiliation, at);

    private static void Touch(IDocumentOperations ops, IEvent e, Action write)
    {
        write();
        ops.QueueSqlCommand("update oss_projects set version = ? where project_id = ?", e.Version, e.StreamId);
    }
}
