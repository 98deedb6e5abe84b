using Alliance.Hosting;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Alliance.Registry.Projects;

/// <summary>Flat projects, partners and milestones tables, written inline with the events.</summary>
public sealed partial class ProjectListProjection : EventProjection
{
    public static readonly ReadModelSchema Schema = new("projects", """
        create table if not exists projects (
            project_id uuid primary key,
            title text not null,
            summary text not null,
            research_areas text[] not null,
            lead_member_id uuid not null,
            status text not null,
            planned_start date not null,
            planned_end date not null,
            budget_amount numeric,
            budget_currency text,
            ip_policy text not null,
            proposed_at timestamptz not null,
            version bigint not null);
        create index if not exists projects_status on projects (status, proposed_at);
        create index if not exists projects_areas on projects using gin (research_areas);
        create table if not exists project_partners (
            project_id uuid not null,
            member_id uuid not null,
            role text not null,
            consent text not null,
            primary key (project_id, member_id));
        create index if not exists project_partners_member on project_partners (member_id);
        create table if not exists project_milestones (
            milestone_id uuid primary key,
            project_id uuid not null,
            title text not null,
            due date not null,
            deliverable text not null,
            completed_on date,
            evidence_url text,
            deliverable_sha256 text);
        create index if not exists project_milestones_project on project_milestones (project_id, due);
        """);

    public void Project(IEvent<ProjectProposed> e, IDocumentOperations ops)
    {
        var p = e.Data;
        ops.QueueSqlCommand("""
            insert into projects (project_id, title, summary, research_areas, lead_member_id, status, planned_start, planned_end, budget_amount, budget_currency, ip_policy, proposed_at, version)
            values (?, ?, ?, ?, ?, 'proposed', ?, ?, ?, ?, ?, ?, ?)
            """, p.ProjectId, p.Title, p.Summary, p.ResearchAreas, p.LeadMemberId, p.PlannedStart, p.PlannedEnd,
            (object?)p.Budget?.Amount ?? DBNull.Value, (object?)p.Budget?.Currency ?? DBNull.Value, p.IpPolicy, p.ProposedAt, e.Version);
        ops.QueueSqlCommand("insert into project_partners (project_id, member_id, role, consent) values (?, ?, 'lead', 'lead')", p.ProjectId, p.LeadMemberId);
        foreach (var partner in p.Partners)
            ops.QueueSqlCommand("insert into project_partners (project_id, member_id, role, consent) values (?, ?, ?, 'invited')", p.ProjectId, partner.MemberId, partner.Role);
    }

    public void Project(IEvent<PartnerInvited> e, IDocumentOperations ops) => Partner(ops, e, e.Data.MemberId, "invited", e.Data.Role);
    public void Project(IEvent<PartnerAccepted> e, IDocumentOperations ops) => Partner(ops, e, e.Data.MemberId, "accepted");
    public void Project(IEvent<PartnerDeclined> e, IDocumentOperations ops) => Partner(ops, e, e.Data.MemberId, "declined");
    public void Project(IEvent<PartnerLeft> e, IDocumentOperations ops) => Partner(ops, e, e.Data.MemberId, "left");
    public void Project(IEvent<ProjectSubmittedForApproval> e, IDocumentOperations ops) => Status(ops, e, "under-ballot");
    public void Project(IEvent<ProjectApprovalRequestRefused> e, IDocumentOperations ops) => Status(ops, e, "proposed");
    public void Project(IEvent<ProjectApproved> e, IDocumentOperations ops) => Status(ops, e, "approved");
    public void Project(IEvent<ProjectRejected> e, IDocumentOperations ops) => Status(ops, e, "rejected");
    public void Project(IEvent<ProjectCompleted> e, IDocumentOperations ops) => Status(ops, e, "completed");
    public void Project(IEvent<ProjectCancelled> e, IDocumentOperations ops) => Status(ops, e, "cancelled");

    public void Project(IEvent<MilestonePlanned> e, IDocumentOperations ops)
    {
        ops.QueueSqlCommand("insert into project_milestones (milestone_id, project_id, title, due, deliverable) values (?, ?, ?, ?, ?)",
            e.Data.MilestoneId, e.Data.ProjectId, e.Data.Title, e.Data.Due, e.Data.Deliverable);
        Touch(ops, e);
    }

    public void Project(IEvent<MilestoneCompleted> e, IDocumentOperations ops)
    {
        ops.QueueSqlCommand("update project_milestones set completed_on = ?, evidence_url = ?, deliverable_sha256 = ? where milestone_id = ?",
            e.Data.CompletedOn, e.Data.EvidenceUrl, (object?)e.Data.DeliverableSha256 ?? DBNull.Value, e.Data.MilestoneId);
        Touch(ops, e);
    }

    private static void Partner(IDocumentOperations ops, IEvent e, Guid member, string consent, string? role = null)
    {
        ops.QueueSqlCommand("""
            insert into project_partners (project_id, member_id, role, consent) values (?, ?, ?, ?)
            on conflict (project_id, member_id) do update set consent = excluded.consent, role = coalesce(?::text, project_partners.role)
            """, e.StreamId, member, role ?? "partner", consent, (object?)role ?? DBNull.Value);
        Touch(ops, e);
    }

    private static void Status(IDocumentOperations ops, IEvent e, string status) =>
        ops.QueueSqlCommand("update projects set status = ?, version = ? where project_id = ?", status, e.Version, e.StreamId);

    private static void Touch(IDocumentOperations ops, IEvent e) =>
        ops.QueueSqlCommand("update projects set version = ? where project_id = ?", e.Version, e.StreamId);
}
