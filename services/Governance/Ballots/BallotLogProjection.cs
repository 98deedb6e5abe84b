using Alliance.Hosting;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Alliance.Governance.Ballots;

/// <summary>
/// The ballots list and the public decision log as flat tables, written inline with the events, so that
/// the closing worker and readers see a ballot the moment it is opened or closed.
/// </summary>
public sealed partial class BallotLogProjection : EventProjection
{
    public static readonly ReadModelSchema Schema = new("ballots", """
        create table if not exists ballots (
            ballot_id uuid primary key,
            committee_id uuid not null,
            title text not null,
            subject_kind text not null,
            subject_service text not null,
            subject_reference text not null,
            request_id uuid,
            profile text not null,
            status text not null,
            outcome text,
            opens_at timestamptz not null,
            closes_at timestamptz not null,
            closed_at timestamptz,
            version bigint not null);
        create index if not exists ballots_due on ballots (closes_at) where status = 'open';
        create index if not exists ballots_committee on ballots (committee_id, opens_at);
        create table if not exists decisions (
            decision_id uuid primary key,
            ballot_id uuid not null,
            committee_id uuid not null,
            title text not null,
            subject_kind text not null,
            subject_service text not null,
            subject_reference text not null,
            outcome text not null,
            approved boolean not null,
            explanation text not null,
            tally jsonb not null,
            decided_at timestamptz not null);
        create index if not exists decisions_decided_at on decisions (decided_at desc, decision_id);
        alter table ballots add column if not exists corrects uuid;
        alter table decisions add column if not exists corrects uuid;
        alter table decisions add column if not exists corrected_by uuid;
        create index if not exists ballots_corrects on ballots (corrects) where corrects is not null;
        alter table decisions add column if not exists explanation_parts jsonb;
        """);

    public void Project(IEvent<BallotOpened> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("""
            insert into ballots (ballot_id, committee_id, title, subject_kind, subject_service, subject_reference, request_id, profile, status, opens_at, closes_at, version, corrects)
            values (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)
            """, e.Data.BallotId, e.Data.CommitteeId, e.Data.Title, e.Data.Subject.Kind, e.Data.Subject.Service, e.Data.Subject.Reference,
            (object?)e.Data.RequestId ?? DBNull.Value, e.Data.Profile, e.Data.OpenedAt, e.Data.ClosesAt, e.Version, (object?)e.Data.Corrects ?? DBNull.Value);

    public void Project(IEvent<VoteCast> e, IDocumentOperations ops) => Touch(ops, e);
    public void Project(IEvent<AttendanceRecorded> e, IDocumentOperations ops) => Touch(ops, e);
    public void Project(IEvent<ChairDecisionRecorded> e, IDocumentOperations ops) => Touch(ops, e);
    public void Project(IEvent<CorrectionOpened> e, IDocumentOperations ops) => Touch(ops, e);

    public void Project(IEvent<BallotClosed> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update ballots set status = 'closed', outcome = ?, closed_at = ?, version = ? where ballot_id = ?",
            e.Data.Outcome, e.Data.ClosedAt, e.Version, e.StreamId);

    public void Project(IEvent<DecisionReached> e, IDocumentOperations ops)
    {
        ops.QueueSqlCommand("update ballots set status = 'decided', outcome = ?, version = ? where ballot_id = ?", e.Data.Outcome, e.Version, e.StreamId);
        ops.QueueSqlCommand("""
            insert into decisions (decision_id, ballot_id, committee_id, title, subject_kind, subject_service, subject_reference, outcome, approved, explanation, tally, decided_at, corrects, explanation_parts)
            select ?, ballot_id, committee_id, title, subject_kind, subject_service, subject_reference, ?, ?, ?, ?::jsonb, ?, corrects, ?::jsonb from ballots where ballot_id = ?
            """, e.Data.DecisionId, e.Data.Outcome, e.Data.Approved, e.Data.Explanation,
            System.Text.Json.JsonSerializer.Serialize(e.Data.Tally, System.Text.Json.JsonSerializerOptions.Web), e.Data.DecidedAt,
            e.Data.Parts is { } parts ? System.Text.Json.JsonSerializer.Serialize(parts, ExplanationText.Json) : DBNull.Value, e.StreamId);
        // An approved correction replaces the decision it names: the log shows the link on the corrected decision too.
        if (e.Data.Approved)
            ops.QueueSqlCommand("update decisions set corrected_by = ? where decision_id = (select corrects from ballots where ballot_id = ?)", e.Data.DecisionId, e.StreamId);
    }

    private static void Touch(IDocumentOperations ops, IEvent e) =>
        ops.QueueSqlCommand("update ballots set version = ? where ballot_id = ?", e.Version, e.StreamId);
}
