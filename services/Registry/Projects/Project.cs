using Alliance.Hosting;

namespace Alliance.Registry.Projects;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class ProjectEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<ProjectProposed>("project_proposed", e => e.ProposedAt)
        .Add<PartnerInvited>("partner_invited", e => e.InvitedAt)
        .Add<PartnerAccepted>("partner_accepted", e => e.AcceptedAt)
        .Add<PartnerDeclined>("partner_declined", e => e.DeclinedAt)
        .Add<PartnerLeft>("partner_left", e => e.LeftAt)
        .Add<ProjectSubmittedForApproval>("project_submitted_for_approval", e => e.SubmittedAt)
        .Add<ProjectApproved>("project_approved", e => e.ApprovedAt)
        .Add<ProjectRejected>("project_rejected", e => e.RejectedAt)
        .Add<ProjectApprovalRequestRefused>("project_approval_request_refused", e => e.RefusedAt)
        .Add<MilestonePlanned>("milestone_planned", e => e.PlannedAt)
        .Add<MilestoneCompleted>("milestone_completed", e => e.ReportedAt)
        .Add<ProjectCompleted>("project_completed", e => e.CompletedAt)
        .Add<ProjectCancelled>("project_cancelled", e => e.CancelledAt);
}

// The JointProject stream: its events and the state they fold into.

public sealed record Partner(Guid MemberId, string Role);

public sealed record Budget(decimal Amount, string Currency);

public sealed record ProjectProposed(
    Guid ProjectId, string Title, string Summary, string[] ResearchAreas, Guid LeadMemberId, Partner[] Partners,
    DateOnly PlannedStart, DateOnly PlannedEnd, Budget? Budget, string IpPolicy, DateTimeOffset ProposedAt);

public sealed record PartnerInvited(Guid ProjectId, Guid MemberId, string Role, DateTimeOffset InvitedAt);

public sealed record PartnerAccepted(Guid ProjectId, Guid MemberId, DateTimeOffset AcceptedAt);

public sealed record PartnerDeclined(Guid ProjectId, Guid MemberId, string? Reason, DateTimeOffset DeclinedAt);

/// <summary>Why: left (the partner's choice), member-withdrew or member-expelled.</summary>
public sealed record PartnerLeft(Guid ProjectId, Guid MemberId, string Why, string? Reason, DateTimeOffset LeftAt);

/// <summary>Published as BallotRequested: the request id is the ballot's idempotency key.</summary>
public sealed record ProjectSubmittedForApproval(
    Guid ProjectId, Guid RequestId, string Title, Guid? CommitteeId, string? CommitteePurpose, string? RuleProfile, string RequestedBy, DateTimeOffset SubmittedAt);

public sealed record ProjectApproved(Guid ProjectId, Guid RequestId, Guid BallotId, Guid DecisionId, DateTimeOffset ApprovedAt);

public sealed record ProjectRejected(Guid ProjectId, Guid RequestId, Guid BallotId, Guid DecisionId, string Outcome, DateTimeOffset RejectedAt);

/// <summary>Governance refused to open the approval ballot (Rule, Reason): the project is back to proposed, and may be submitted again.</summary>
public sealed record ProjectApprovalRequestRefused(Guid ProjectId, Guid RequestId, string Rule, string Reason, DateTimeOffset RefusedAt);

public sealed record MilestonePlanned(Guid ProjectId, Guid MilestoneId, string Title, DateOnly Due, string Deliverable, DateTimeOffset PlannedAt);

public sealed record MilestoneCompleted(Guid ProjectId, Guid MilestoneId, DateOnly CompletedOn, string EvidenceUrl, string? DeliverableSha256, DateTimeOffset ReportedAt);

public sealed record ProjectCompleted(Guid ProjectId, DateTimeOffset CompletedAt);

public sealed record ProjectCancelled(Guid ProjectId, string Reason, DateTimeOffset CancelledAt);

public enum ProjectStatus { Proposed, UnderBallot, Approved, Rejected, Completed, Cancelled }

/// <summary>Consent: invited, accepted, declined, left.</summary>
public sealed record Participant(Guid MemberId, string Role, string Consent);

/// <summary>Why Governance could not open the ballot a request asked for.</summary>
public sealed record RequestRefusal(Guid RequestId, string Rule, string Reason, DateTimeOffset RefusedAt);

public sealed record Milestone(Guid MilestoneId, string Title, DateOnly Due, string Deliverable, DateOnly? CompletedOn, string? EvidenceUrl, string? Sha256);

public sealed record Project(
    Guid Id, string Title, Guid LeadMemberId, Participant[] Partners, ProjectStatus Status, Guid? PendingRequestId, Milestone[] Milestones,
    RequestRefusal? LastRefusal = null)
{
    /// <summary>The lead plus every partner that has not declined or left.</summary>
    public int Organisations => 1 + Partners.Count(p => p.Consent is "invited" or "accepted");

    public static Project Create(ProjectProposed e) =>
        new(e.ProjectId, e.Title, e.LeadMemberId, e.Partners.Select(p => new Participant(p.MemberId, p.Role, "invited")).ToArray(), ProjectStatus.Proposed, null, []);

    public Project Apply(PartnerInvited e) => this with { Partners = [.. Partners.Where(p => p.MemberId != e.MemberId), new(e.MemberId, e.Role, "invited")] };
    public Project Apply(PartnerAccepted e) => WithConsent(e.MemberId, "accepted");
    public Project Apply(PartnerDeclined e) => WithConsent(e.MemberId, "declined");
    public Project Apply(PartnerLeft e) => WithConsent(e.MemberId, "left");
    public Project Apply(ProjectSubmittedForApproval e) => this with { Status = ProjectStatus.UnderBallot, PendingRequestId = e.RequestId, LastRefusal = null };
    public Project Apply(ProjectApprovalRequestRefused e) =>
        this with { Status = ProjectStatus.Proposed, PendingRequestId = null, LastRefusal = new(e.RequestId, e.Rule, e.Reason, e.RefusedAt) };
    public Project Apply(ProjectApproved e) => this with { Status = ProjectStatus.Approved, PendingRequestId = null };
    public Project Apply(ProjectRejected e) => this with { Status = ProjectStatus.Rejected, PendingRequestId = null };
    public Project Apply(MilestonePlanned e) => this with { Milestones = [.. Milestones, new(e.MilestoneId, e.Title, e.Due, e.Deliverable, null, null, null)] };

    public Project Apply(MilestoneCompleted e) => this with
    {
        Milestones = Milestones.Select(m => m.MilestoneId == e.MilestoneId ? m with { CompletedOn = e.CompletedOn, EvidenceUrl = e.EvidenceUrl, Sha256 = e.DeliverableSha256 } : m).ToArray(),
    };

    public Project Apply(ProjectCompleted e) => this with { Status = ProjectStatus.Completed };
    public Project Apply(ProjectCancelled e) => this with { Status = ProjectStatus.Cancelled };

    private Project WithConsent(Guid member, string consent) =>
        this with { Partners = Partners.Select(p => p.MemberId == member ? p with { Consent = consent } : p).ToArray() };
}
