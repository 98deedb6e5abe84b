using Alliance.Hosting;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Alliance.Governance.Committees;

/// <summary>Flat committees and seats tables, written inline with the events.</summary>
public sealed partial class CommitteeDirectoryProjection : EventProjection
{
    public static readonly ReadModelSchema Schema = new("committees", """
        create table if not exists committees (
            committee_id uuid primary key,
            name text not null,
            purpose text not null,
            default_profile text not null,
            chair_member_id uuid,
            created_at timestamptz not null,
            version bigint not null);
        create index if not exists committees_purpose on committees (purpose, created_at);
        create table if not exists committee_seats (
            committee_id uuid not null,
            member_id uuid not null,
            member_name text not null,
            role text not null,
            binding boolean not null,
            affiliation_group text,
            assigned_at timestamptz not null,
            primary key (committee_id, member_id));
        """);

    public void Project(IEvent<CommitteeCreated> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("insert into committees (committee_id, name, purpose, default_profile, chair_member_id, created_at, version) values (?, ?, ?, ?, ?, ?, ?)",
            e.Data.CommitteeId, e.Data.Name, e.Data.Purpose, e.Data.DefaultProfile, (object?)e.Data.ChairMemberId ?? DBNull.Value, e.Data.CreatedAt, e.Version);

    public void Project(IEvent<SeatAssigned> e, IDocumentOperations ops)
    {
        ops.QueueSqlCommand("""
            insert into committee_seats (committee_id, member_id, member_name, role, binding, affiliation_group, assigned_at) values (?, ?, ?, ?, ?, ?, ?)
            on conflict (committee_id, member_id) do update set role = excluded.role, binding = excluded.binding, affiliation_group = excluded.affiliation_group, assigned_at = excluded.assigned_at
            """, e.Data.CommitteeId, e.Data.MemberId, e.Data.MemberName, e.Data.Role, e.Data.Binding, (object?)e.Data.Group ?? DBNull.Value, e.Data.AssignedAt);
        ops.QueueSqlCommand("update committees set version = ? where committee_id = ?", e.Version, e.StreamId);
    }

    // A policy change is a new version of the committee's stream: the directory's version (its ETag) follows it.
    public void Project(IEvent<BallotPolicySet> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update committees set version = ? where committee_id = ?", e.Version, e.StreamId);

    public void Project(IEvent<SeatRemoved> e, IDocumentOperations ops)
    {
        ops.QueueSqlCommand("delete from committee_seats where committee_id = ? and member_id = ?", e.Data.CommitteeId, e.Data.MemberId);
        ops.QueueSqlCommand("update committees set version = ? where committee_id = ?", e.Version, e.StreamId);
    }
}
