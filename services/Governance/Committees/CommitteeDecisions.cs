using Alliance.Governance.Ballots;
using Alliance.Hosting;

namespace Alliance.Governance.Committees;

/// <summary>Creating committees, assigning seats and setting their ballot policy (the secretariat), as pure decisions.</summary>
public static class CommitteeDecisions
{
    public sealed record Create(string? Name, string? Purpose, string? DefaultProfile, Guid? ChairMemberId);

    public sealed record AssignSeat(Guid? MemberId, string? Role, bool? Binding, string? Group);

    /// <summary>What Governance knows of a member from Registry's messages.</summary>
    public sealed record Standing(Guid MemberId, string Name, string Tier, string Status);

    public static CommitteeCreated Decide(Guid id, Create request, Standing? chair, DateTimeOffset now)
    {
        var v = new Validation();
        v.Required("name", request.Name);
        v.OneOf("purpose", request.Purpose, CommitteePurposes.All);
        v.OneOf("defaultProfile", request.DefaultProfile, RuleProfiles.All.Select(p => p.Id).ToArray());
        if (request.ChairMemberId is not null && chair is not { Status: "admitted" }) v.Add("chairMemberId", "The chair must be an admitted member in good standing.");
        v.ThrowIfInvalid();
        return new CommitteeCreated(id, request.Name!.Trim(), request.Purpose!, request.DefaultProfile!, request.ChairMemberId, now);
    }

    /// <summary>Only admitted members in good standing hold seats, and observers of the alliance hold only observer seats.</summary>
    public static SeatAssigned Decide(Committee committee, AssignSeat request, Standing? member, DateTimeOffset now)
    {
        var v = new Validation();
        if (request.MemberId is null) v.Add("memberId", "'memberId' is required.");
        v.OneOf("role", request.Role, ["voting", "observer"]);
        if (request.Group is { Length: > 100 }) v.Add("group", "'group' must be at most 100 characters.");
        v.ThrowIfInvalid();
        if (member is null) throw new DomainRuleViolated("seat-requires-admitted-member", "Governance knows no admitted member with this id.");
        if (member.Status != "admitted")
            throw new DomainRuleViolated("seat-requires-good-standing", $"The member is {member.Status}; only members in good standing hold seats.");
        if (request.Role == "voting" && member.Tier == "observer")
            throw new DomainRuleViolated("observer-tier-cannot-vote", "Members of the observer tier hold observer seats only.");
        return new SeatAssigned(committee.Id, member.MemberId, member.Name, request.Role!, request.Role == "voting" && (request.Binding ?? true), request.Group?.Trim(), now);
    }

    /// <summary>
    /// A member moved to the observer tier keeps its seat as an observer seat from that moment (it may follow the
    /// committee's work but no longer vote); ballots already open keep their frozen electorate.
    /// </summary>
    public static SeatAssigned? ObserverSeat(Committee committee, Guid memberId, string tier, DateTimeOffset changedAt) =>
        tier == "observer" && committee.Seats.SingleOrDefault(s => s.MemberId == memberId) is { Votes: true } seat
            ? new SeatAssigned(committee.Id, memberId, seat.MemberName, "observer", false, seat.Group, changedAt, "The member moved to the observer tier.")
            : null;

    public static SeatRemoved Remove(Committee committee, Guid memberId, DateTimeOffset now) =>
        committee.Seats.Any(s => s.MemberId == memberId)
            ? new SeatRemoved(committee.Id, memberId, now)
            : throw new NotFound($"Seat of member {memberId} on committee {committee.Id}");

    public sealed record SetRequest(string? Profile, int? PeriodDays, string? Reason);

    /// <summary>A known profile; a usual period of 1 to 365 days that is not shorter than the profile's minimum; a reason.</summary>
    public static BallotPolicySet SetBallotPolicy(Committee committee, string subjectKind, SetRequest request, DateTimeOffset now)
    {
        var v = new Validation();
        v.OneOf("subjectKind", subjectKind, BallotDecisions.SubjectKinds);
        v.OneOf("profile", request.Profile, RuleProfiles.All.Select(p => p.Id).ToArray());
        v.Required("reason", request.Reason, 2000);
        if (request.PeriodDays is < 1 or > 365) v.Add("periodDays", "'periodDays' must be from 1 to 365.");
        if (RuleProfiles.Find(request.Profile ?? "") is { } profile && request.PeriodDays is { } days
            && VotingPeriods.For(profile.Id, profile.Parameters.Meeting) is var minimum && TimeSpan.FromDays(days) < minimum.Period)
            v.Add("periodDays", $"{profile.Id} ballots stay open at least {minimum.Describe()} ({minimum.Source}).");
        v.ThrowIfInvalid();
        return new BallotPolicySet(committee.Id, subjectKind, request.Profile!, request.PeriodDays, request.Reason!.Trim(), now);
    }
}
