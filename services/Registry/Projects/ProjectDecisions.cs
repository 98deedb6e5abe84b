using Alliance.Hosting;

namespace Alliance.Registry.Projects;

/// <summary>Every command on a joint project as a pure function: state, command, now → events (or a refusal).</summary>
public static class ProjectDecisions
{
    public static readonly string[] Roles = ["partner", "academic-partner", "observer"];
    public static readonly string[] IpPolicies = ["open", "shared", "restricted"];

    /// <summary>What Registry's directory says of a member.</summary>
    public sealed record MemberInfo(Guid MemberId, string Status, string Kind);

    public sealed record Propose(
        string? Title, string? Summary, string[]? ResearchAreas, Guid? LeadMemberId, PartnerRequest[]? Partners,
        DateOnly? PlannedStart, DateOnly? PlannedEnd, BudgetRequest? Budget, string? IpPolicy);

    public sealed record PartnerRequest(Guid? MemberId, string? Role);

    public sealed record BudgetRequest(decimal? Amount, string? Currency);

    public static ProjectProposed Decide(Guid id, Propose r, Actor actor, Func<Guid, MemberInfo?> members, DateTimeOffset now)
    {
        var v = new Validation();
        v.Required("title", r.Title);
        v.Required("summary", r.Summary, 4000);
        var areas = (r.ResearchAreas ?? []).Select(a => a?.Trim().ToLowerInvariant() ?? "").Distinct().ToArray();
        if (areas.Length is 0 or > 10 || areas.Any(a => a.Length is 0 or > 50)) v.Add("researchAreas", "Give 1 to 10 research areas of at most 50 characters.");
        if (r.LeadMemberId is null) v.Add("leadMemberId", "'leadMemberId' is required.");
        var partners = r.Partners ?? [];
        if (partners.Length == 0) v.Add("partners", "A joint project has at least two organisations: invite at least one partner.");
        if (partners.Any(p => p.MemberId is null)) v.Add("partners", "Every partner needs a 'memberId'.");
        if (partners.Any(p => !Roles.Contains(p.Role ?? ""))) v.Add("partners", $"A partner's role is one of: {string.Join(", ", Roles)}.");
        if (partners.Select(p => p.MemberId).Distinct().Count() != partners.Length || partners.Any(p => p.MemberId == r.LeadMemberId))
            v.Add("partners", "Each organisation appears once, and the lead is not its own partner.");
        if (r.PlannedStart is null) v.Add("plannedStart", "'plannedStart' is required.");
        if (r.PlannedEnd is null) v.Add("plannedEnd", "'plannedEnd' is required.");
        if (r.PlannedStart is { } start && r.PlannedEnd is { } end)
        {
            if (end <= start) v.Add("plannedEnd", "'plannedEnd' must come after 'plannedStart'.");
            if (end > start.AddYears(10)) v.Add("plannedEnd", "A project plans at most ten years ahead.");
            if (start < DateOnly.FromDateTime(now.UtcDateTime).AddYears(-1)) v.Add("plannedStart", "'plannedStart' cannot lie more than a year in the past.");
        }
        if (r.Budget is { } b)
        {
            if (b.Amount is not > 0) v.Add("budget.amount", "'budget.amount' must be positive.");
            if (!Iso4217.Currencies.Contains(b.Currency ?? "")) v.Add("budget.currency", "'budget.currency' must be an ISO 4217 code such as CNY, EUR or USD.");
        }
        v.OneOf("ipPolicy", r.IpPolicy, IpPolicies);
        v.ThrowIfInvalid();
        actor.MustActFor(r.LeadMemberId!.Value);
        foreach (var member in partners.Select(p => p.MemberId!.Value).Prepend(r.LeadMemberId.Value))
            if (members(member) is not { Status: "admitted" })
                throw new DomainRuleViolated("project-members-must-be-admitted", $"Member {member} is not an admitted member in good standing.");
        return new ProjectProposed(id, r.Title!.Trim(), r.Summary!.Trim(), areas, r.LeadMemberId.Value,
            partners.Select(p => new Partner(p.MemberId!.Value, p.Role!)).ToArray(), r.PlannedStart!.Value, r.PlannedEnd!.Value,
            r.Budget is { } budget ? new Budget(budget.Amount!.Value, budget.Currency!) : null, r.IpPolicy!, now);
    }

    public static object Consent(Project p, Guid member, Actor actor, bool accept, string? reason, DateTimeOffset now)
    {
        actor.MustActFor(member);
        MustBe(p, "consent-while-open", ProjectStatus.Proposed, ProjectStatus.Approved);
        if (p.Partners.SingleOrDefault(x => x.MemberId == member) is not { Consent: "invited" })
            throw new DomainRuleViolated("consent-requires-invitation", "This member has no pending invitation to the project.");
        return accept ? new PartnerAccepted(p.Id, member, now) : new PartnerDeclined(p.Id, member, reason?.Trim(), now);
    }

    public static ProjectSubmittedForApproval Submit(Project p, Actor actor, Guid requestId, Guid? committee, string? purpose, string? profile, DateTimeOffset now)
    {
        ActsForLead(p, actor);
        MustBe(p, "submission-requires-proposal", ProjectStatus.Proposed);
        if (p.Partners.Any(x => x.Consent == "invited"))
            throw new DomainRuleViolated("all-partners-must-accept", "Every remaining partner must accept before the project is submitted.");
        if (p.Organisations < 2)
            throw new DomainRuleViolated("joint-project-needs-two-organisations", "Fewer than two organisations remain in the project.");
        return new ProjectSubmittedForApproval(p.Id, requestId, p.Title, committee, committee is null ? purpose : null, profile, actor.Describe(), now);
    }

    /// <summary>The decision on the pending request; a decision on another (older) request, or on a project cancelled meanwhile, changes nothing.</summary>
    public static object? Decided(Project p, Guid requestId, Guid ballotId, Guid decisionId, bool approved, string outcome, DateTimeOffset now) =>
        p.PendingRequestId != requestId || p.Status != ProjectStatus.UnderBallot ? null
        : approved ? new ProjectApproved(p.Id, requestId, ballotId, decisionId, now)
        : new ProjectRejected(p.Id, requestId, ballotId, decisionId, outcome, now);

    /// <summary>Governance refused to open the ballot of the pending request: back to proposed, with the reason; any other request changes nothing.</summary>
    public static ProjectApprovalRequestRefused? Refused(Project p, Guid requestId, string rule, string reason, DateTimeOffset now) =>
        p.PendingRequestId == requestId && p.Status == ProjectStatus.UnderBallot ? new(p.Id, requestId, rule, reason, now) : null;

    public sealed record PlanMilestone(string? Title, DateOnly? Due, string? Deliverable);

    public static MilestonePlanned Plan(Project p, Actor actor, Guid milestoneId, PlanMilestone r, DateTimeOffset now)
    {
        ActsForLead(p, actor);
        MustBe(p, "milestones-require-approval", ProjectStatus.Approved);
        var v = new Validation();
        v.Required("title", r.Title);
        v.Required("deliverable", r.Deliverable, 1000);
        if (r.Due is null) v.Add("due", "'due' is required.");
        v.ThrowIfInvalid();
        return new MilestonePlanned(p.Id, milestoneId, r.Title!.Trim(), r.Due!.Value, r.Deliverable!.Trim(), now);
    }

    public sealed record Completion(DateOnly? CompletedOn, string? EvidenceUrl, string? DeliverableSha256);

    public static MilestoneCompleted Complete(Project p, Actor actor, Guid milestoneId, Completion r, DateTimeOffset now)
    {
        ActsForLead(p, actor);
        MustBe(p, "milestones-require-approval", ProjectStatus.Approved);
        var milestone = p.Milestones.SingleOrDefault(m => m.MilestoneId == milestoneId) ?? throw new NotFound($"Milestone {milestoneId}");
        var v = new Validation();
        if (r.CompletedOn is null) v.Add("completedOn", "'completedOn' is required.");
        if (r.CompletedOn > DateOnly.FromDateTime(now.UtcDateTime)) v.Add("completedOn", "'completedOn' cannot be in the future.");
        v.HttpUrl("evidenceUrl", r.EvidenceUrl, required: true);
        if (r.DeliverableSha256 is { } sha && (sha.Length != 64 || !sha.All(char.IsAsciiHexDigit))) v.Add("deliverableSha256", "'deliverableSha256' is 64 hexadecimal digits.");
        v.ThrowIfInvalid();
        if (milestone.CompletedOn is not null) throw new DomainRuleViolated("milestone-already-completed", "This milestone was already reported complete.");
        return new MilestoneCompleted(p.Id, milestoneId, r.CompletedOn!.Value, r.EvidenceUrl!, r.DeliverableSha256?.ToLowerInvariant(), now);
    }

    public static PartnerInvited Invite(Project p, Actor actor, PartnerRequest r, Func<Guid, MemberInfo?> members, DateTimeOffset now)
    {
        ActsForLead(p, actor);
        MustBe(p, "invitations-while-open", ProjectStatus.Proposed, ProjectStatus.Approved);
        var v = new Validation();
        if (r.MemberId is null) v.Add("memberId", "'memberId' is required.");
        v.OneOf("role", r.Role, Roles);
        v.ThrowIfInvalid();
        if (r.MemberId == p.LeadMemberId || p.Partners.Any(x => x.MemberId == r.MemberId && x.Consent is "invited" or "accepted"))
            throw new DomainRuleViolated("already-in-project", "This member is already in the project.");
        if (members(r.MemberId!.Value) is not { Status: "admitted" })
            throw new DomainRuleViolated("project-members-must-be-admitted", "Only admitted members in good standing join projects.");
        return new PartnerInvited(p.Id, r.MemberId.Value, r.Role!, now);
    }

    public static PartnerLeft Leave(Project p, Guid member, Actor actor, string? reason, DateTimeOffset now)
    {
        actor.MustActFor(member);
        MustBe(p, "leaving-while-open", ProjectStatus.Proposed, ProjectStatus.UnderBallot, ProjectStatus.Approved);
        if (p.Partners.SingleOrDefault(x => x.MemberId == member) is not { Consent: "accepted" or "invited" })
            throw new DomainRuleViolated("not-a-partner", "This member is not an active partner of the project.");
        return new PartnerLeft(p.Id, member, "left", reason?.Trim(), now);
    }

    /// <summary>A member that withdrew or was expelled leaves the project; when it led the project, the project is cancelled.</summary>
    public static object? MemberGone(Project p, Guid member, string why, DateTimeOffset now) =>
        p.Status is ProjectStatus.Rejected or ProjectStatus.Completed or ProjectStatus.Cancelled ? null
        : p.LeadMemberId == member ? new ProjectCancelled(p.Id, $"The lead member {why}.", now)
        : p.Partners.Any(x => x.MemberId == member && x.Consent is "accepted" or "invited") ? new PartnerLeft(p.Id, member, why, null, now)
        : null;

    public static ProjectCompleted Finish(Project p, Actor actor, DateTimeOffset now)
    {
        ActsForLead(p, actor);
        MustBe(p, "completion-requires-approval", ProjectStatus.Approved);
        if (p.Milestones.Any(m => m.CompletedOn is null))
            throw new DomainRuleViolated("open-milestones", "Report every milestone complete (or re-plan) before completing the project.");
        return new ProjectCompleted(p.Id, now);
    }

    public static ProjectCancelled Cancel(Project p, Actor actor, string? reason, DateTimeOffset now)
    {
        if (!actor.IsSecretariat) ActsForLead(p, actor);
        MustBe(p, "cancellation-while-open", ProjectStatus.Proposed, ProjectStatus.UnderBallot, ProjectStatus.Approved);
        var v = new Validation();
        v.Required("reason", reason, 1000);
        v.ThrowIfInvalid();
        return new ProjectCancelled(p.Id, reason!.Trim(), now);
    }

    private static void ActsForLead(Project p, Actor actor)
    {
        if (!actor.ActsFor(p.LeadMemberId)) throw new Forbidden("Only a representative of the lead member does this.");
    }

    private static void MustBe(Project p, string rule, params ProjectStatus[] allowed)
    {
        if (!allowed.Contains(p.Status))
            throw new DomainRuleViolated(rule, $"Not possible while the project is {p.Status.ToString().ToLowerInvariant()}.");
    }
}
