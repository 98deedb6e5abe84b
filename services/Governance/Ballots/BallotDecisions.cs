using Alliance.Governance.Committees;
using Alliance.Hosting;

namespace Alliance.Governance.Ballots;

/// <summary>Every command on a ballot as a pure function: state, command, now → events (or a refusal).</summary>
public static class BallotDecisions
{
    public static readonly string[] SubjectKinds =
        ["standard-version-ratification", "standard-version-withdrawal", "project-approval", "member-expulsion", "oss-stage-change", "licence-exception", "policy-change", "generic"];

    public sealed record Open(
        Guid? CommitteeId, string? Title, string? Question, string? SubjectKind, string? SubjectService, string? SubjectReference,
        string? Profile, ProfileOverrides? Parameters, DateTimeOffset? ClosesAt, bool? EarlyClose, string? OverrideReason = null, Guid? Corrects = null);

    /// <summary>The decision a correction ballot names, as the decision log knows it; OpenCorrection: a correction ballot not yet decided.</summary>
    public sealed record Corrected(Guid DecisionId, Guid BallotId, Guid CommitteeId, Guid? CorrectedBy, Guid? OpenCorrection);

    /// <summary>
    /// Opens a ballot of the committee: the voting seats of members in good standing at this moment are the electorate.
    /// A correction ballot (Corrects) names a decision of the same committee that no approved correction has replaced yet.
    /// </summary>
    public static BallotOpened Decide(Guid ballotId, Committee committee, Open request, Guid? requestId, Func<Guid, bool> inGoodStanding, DateTimeOffset now,
        Corrected? corrected = null)
    {
        var v = new Validation();
        if (request.Corrects is { } corrects && corrected?.DecisionId != corrects) v.Add("corrects", $"The decision log has no decision {corrects}.");
        v.Required("title", request.Title);
        v.Required("question", request.Question, 2000);
        v.OneOf("subjectKind", request.SubjectKind ?? "generic", SubjectKinds);
        var profileId = request.Profile ?? committee.DefaultProfile;
        var profile = RuleProfiles.Find(profileId);
        if (profile is null) v.Add("profile", $"Unknown rule profile '{profileId}'; see GET /rule-profiles.");
        if (request.ClosesAt is { } at && at <= now) v.Add("closesAt", "'closesAt' must be in the future.");
        if (request.ClosesAt is { } late && late > now.AddYears(1)) v.Add("closesAt", "'closesAt' must be within a year.");
        v.ThrowIfInvalid();
        if (request.Corrects is not null) MayCorrect(committee, corrected!);
        var rules = (request.Parameters ?? new()).ApplyTo(profile!.Parameters);
        var electorate = committee.Seats
            .Where(s => s.Votes && inGoodStanding(s.MemberId) && (rules.ChairVotes || s.MemberId != committee.ChairMemberId))
            .Select(s => new Tally.Voter(s.MemberId, s.Binding, s.Group)).ToArray();
        if (!electorate.Any(e => e.Binding))
            throw new DomainRuleViolated("ballot-needs-voters", "The committee has no binding voting seat held by a member in good standing.");
        var earlyClose = (request.EarlyClose ?? false) && rules.EarlyCloseAllowed && !rules.Meeting && !rules.OnePerGroup;
        var subject = new Subject(request.SubjectKind ?? "generic", request.SubjectService ?? "governance", request.SubjectReference ?? ballotId.ToString(), request.Title!.Trim());
        return new BallotOpened(ballotId, committee.Id, request.Title!.Trim(), request.Question!.Trim(), subject, requestId, profile.Id, rules,
            electorate, committee.ChairMemberId, earlyClose, request.ClosesAt ?? now.AddDays(rules.DefaultPeriodDays), now, request.Corrects);
    }

    private static void MayCorrect(Committee committee, Corrected corrected)
    {
        if (corrected.CommitteeId != committee.Id)
            throw new DomainRuleViolated("correction-by-same-committee", $"Decision {corrected.DecisionId} was reached by another committee; only that committee corrects it.");
        if (corrected.CorrectedBy is { } by)
            throw new DomainRuleViolated("decision-already-corrected", $"Decision {corrected.DecisionId} was already corrected by decision {by}; correct that one instead.");
        if (corrected.OpenCorrection is { } open)
            throw new DomainRuleViolated("correction-already-open", $"Ballot {open} is already correcting decision {corrected.DecisionId}.");
    }

    /// <summary>The record, on the corrected ballot, that a correction of its decision is under way.</summary>
    public static CorrectionOpened CorrectionOf(Ballot corrected, Guid correctionBallotId, DateTimeOffset now) =>
        corrected.Status == BallotStatus.Decided
            ? new CorrectionOpened(corrected.Id, DecisionIdOf(corrected.Id), correctionBallotId, now)
            : throw new DomainRuleViolated("decision-not-reached", "Only a decided ballot's decision can be corrected.");

    public sealed record Cast(string? Position, string? Reason);

    /// <summary>A member votes through its own representative; the latest position counts; a settled early-close ballot closes at once.</summary>
    public static object[] Vote(Ballot ballot, Guid memberId, bool memberInGoodStanding, Cast request, DateTimeOffset now)
    {
        MustBeOpen(ballot, now);
        if (!ballot.Electorate.Any(e => e.MemberId == memberId))
            throw new Forbidden("This member holds no voting seat on the ballot's frozen electorate.");
        if (!memberInGoodStanding)
            throw new DomainRuleViolated("voter-not-in-good-standing", "The member is suspended (or no longer a member) and cannot vote.");
        var v = new Validation();
        v.OneOf("position", request.Position, ballot.Rules.Positions.Select(p => p.Position).ToArray());
        if (request.Reason is { Length: > 4000 }) v.Add("reason", "'reason' must be at most 4000 characters.");
        v.ThrowIfInvalid();
        if (!ballot.Rules.ChangesAllowed && ballot.Votes.Any(p => p.MemberId == memberId))
            throw new DomainRuleViolated("vote-changes-not-allowed", $"Under {ballot.Profile} a vote cannot be changed once cast.");
        if (ballot.Rules.Meeting && !(ballot.Present ?? []).Contains(memberId))
            throw new DomainRuleViolated("voter-not-present", "This is a meeting ballot: only members recorded as present vote.");
        var cast = new VoteCast(ballot.Id, memberId, request.Position!, string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim(), now);
        var after = ballot.Apply(cast);
        return after.EarlyClose && EarlyClose.IsSettled(after) ? [cast, .. Close(after, "early", now)] : [cast];
    }

    public static AttendanceRecorded Attendance(Ballot ballot, Guid[]? present, DateTimeOffset now)
    {
        MustBeOpen(ballot, now);
        if (!ballot.Rules.Meeting) throw new DomainRuleViolated("attendance-only-for-meetings", $"{ballot.Profile} is not a meeting ballot.");
        var v = new Validation();
        if (present is null) v.Add("present", "'present' lists the member ids present.");
        var unknown = (present ?? []).Where(id => !ballot.Electorate.Any(e => e.MemberId == id)).ToList();
        if (unknown.Count > 0) v.Add("present", $"Not in the ballot's electorate: {string.Join(", ", unknown)}.");
        v.ThrowIfInvalid();
        return new AttendanceRecorded(ballot.Id, present!.Distinct().ToArray(), now);
    }

    /// <summary>Closes with the full tally; unless the chair must decide, the decision is reached in the same step.</summary>
    public static object[] Close(Ballot ballot, string closedBy, DateTimeOffset now)
    {
        if (ballot.Status != BallotStatus.Open) throw new DomainRuleViolated("ballot-closed", "The ballot is already closed; a closed ballot never changes.");
        var tally = ballot.CurrentTally();
        var result = TallyEngine.Decide(ballot.Rules, tally);
        var closed = new BallotClosed(ballot.Id, tally, result.Outcome, result.Explanation, closedBy, now, result.Parts);
        return result.Outcome == Outcomes.ChairDecides
            ? [closed]
            : [closed, new DecisionReached(ballot.Id, DecisionIdOf(ballot.Id), ballot.RequestId, ballot.Subject, result.Outcome, result.Approved, result.Explanation, tally, now, result.Parts)];
    }

    public sealed record ChairDecision(string? Outcome, string? Reason);

    public static object[] Chair(Ballot ballot, Guid? actingMember, ChairDecision request, DateTimeOffset now)
    {
        if (ballot.Status != BallotStatus.Closed || ballot.Outcome != Outcomes.ChairDecides)
            throw new DomainRuleViolated("no-chair-decision-pending", "Only a closed ballot whose outcome is chair-decides takes the chair's decision.");
        if (ballot.ChairMemberId is null || actingMember != ballot.ChairMemberId)
            throw new Forbidden("Only the committee's chair records this decision.");
        var v = new Validation();
        v.OneOf("outcome", request.Outcome, [Outcomes.Approved, Outcomes.Rejected]);
        v.Required("reason", request.Reason, 4000);
        v.ThrowIfInvalid();
        var chair = new ExplanationPart("chair-decided", Outcome: request.Outcome, Reason: request.Reason!.Trim());
        var explanation = ballot.Explanation + ExplanationText.Render([chair], chinese: false);
        IReadOnlyList<ExplanationPart>? parts = ballot.ExplanationParts is { } before ? [.. before, chair] : null;
        return
        [
            new ChairDecisionRecorded(ballot.Id, ballot.ChairMemberId.Value, request.Outcome!, request.Reason.Trim(), now),
            new DecisionReached(ballot.Id, DecisionIdOf(ballot.Id), ballot.RequestId, ballot.Subject, request.Outcome!, request.Outcome == Outcomes.Approved, explanation, ballot.FinalTally!, now, parts),
        ];
    }

    /// <summary>One decision per ballot, with an id derived from it, so that a replay can never mint a second one.</summary>
    public static Guid DecisionIdOf(Guid ballotId)
    {
        var bytes = ballotId.ToByteArray();
        bytes[0] ^= 0x5A;
        return new Guid(bytes);
    }

    private static void MustBeOpen(Ballot ballot, DateTimeOffset now)
    {
        if (ballot.Status != BallotStatus.Open || now >= ballot.ClosesAt)
            throw new DomainRuleViolated("ballot-closed", "The ballot is closed (or its closing time has passed).");
    }
}
