using Alliance.Hosting;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Alliance.Registry.Members;

/// <summary>
/// Keeps the flat member_directory table in step with the Member streams. Inline: it commits in the
/// same transaction as the events, so a client reads its own writes.
/// </summary>
public sealed partial class MemberDirectoryProjection : EventProjection, ReadModelRebuild.IRebuildable
{
    // The name operators rebuild it by: POST /admin/read-models/member-directory/rebuild.
    public MemberDirectoryProjection() => Name = "member-directory";

    public IReadOnlyList<string> Tables { get; } = ["member_directory"];

    public static readonly ReadModelSchema Schema = new("member_directory", """
        create table if not exists member_directory (
            member_id uuid primary key,
            name text not null,
            kind text not null,
            country text not null,
            website text,
            contact_email text not null,
            status text not null,
            tier text,
            applied_at timestamptz not null,
            admitted_at timestamptz,
            version bigint not null);
        alter table member_directory add column if not exists name_zh text;
        alter table member_directory add column if not exists former_names text[] not null default '{}';
        create index if not exists member_directory_status on member_directory (status, applied_at, member_id);
        """);

    public void Project(IEvent<MemberApplied> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("""
            insert into member_directory (member_id, name, name_zh, kind, country, website, contact_email, status, applied_at, version)
            values (?, ?, ?, ?, ?, ?, ?, 'applied', ?, ?)
            """,
            e.Data.MemberId, e.Data.Name, (object?)e.Data.NameZh ?? DBNull.Value, e.Data.Kind, e.Data.Country, (object?)e.Data.Website ?? DBNull.Value,
            e.Data.ContactEmail, e.Data.AppliedAt, e.Version);

    public void Project(IEvent<MemberAdmitted> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand(
            "update member_directory set status = 'admitted', tier = ?, admitted_at = ?, version = ? where member_id = ?",
            e.Data.Tier, e.Data.AdmittedAt, e.Version, e.Data.MemberId);

    public void Project(IEvent<MemberSuspended> e, IDocumentOperations ops) => SetStatus(ops, e, "suspended");
    public void Project(IEvent<MemberReinstated> e, IDocumentOperations ops) => SetStatus(ops, e, "admitted");
    public void Project(IEvent<MemberWithdrew> e, IDocumentOperations ops) => SetStatus(ops, e, "withdrawn");
    public void Project(IEvent<MemberExpelled> e, IDocumentOperations ops) => SetStatus(ops, e, "expelled");
    public void Project(IEvent<MemberExpulsionRequested> e, IDocumentOperations ops) => Touch(ops, e);
    public void Project(IEvent<MemberExpulsionRejected> e, IDocumentOperations ops) => Touch(ops, e);
    public void Project(IEvent<MemberExpulsionRequestRefused> e, IDocumentOperations ops) => Touch(ops, e);

    public void Project(IEvent<MemberTierChanged> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update member_directory set tier = ?, version = ? where member_id = ?", e.Data.Tier, e.Version, e.StreamId);

    public void Project(IEvent<MemberRenamed> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("""
            update member_directory set name = ?, name_zh = ?, former_names = former_names || array_remove(array[?::text, ?::text], null), version = ?
            where member_id = ?
            """, e.Data.Name, (object?)e.Data.NameZh ?? DBNull.Value, e.Data.FormerName, (object?)e.Data.FormerNameZh ?? DBNull.Value, e.Version, e.StreamId);

    public void Project(IEvent<MemberCredentialIssued> e, IDocumentOperations ops) => Touch(ops, e);
    public void Project(IEvent<MemberCredentialRevoked> e, IDocumentOperations ops) => Touch(ops, e);

    public void Project(IEvent<MemberPersonalDataErased> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update member_directory set contact_email = ?, version = ? where member_id = ?", Member.Erased, e.Version, e.StreamId);

    private static void SetStatus(IDocumentOperations ops, IEvent e, string status) =>
        ops.QueueSqlCommand("update member_directory set status = ?, version = ? where member_id = ?", status, e.Version, e.StreamId);

    // Every event moves the version, so the directory's ETag always matches the stream.
    private static void Touch(IDocumentOperations ops, IEvent e) =>
        ops.QueueSqlCommand("update member_directory set version = ? where member_id = ?", e.Version, e.StreamId);
}
