using Alliance.Hosting;

namespace Alliance.Governance.Ballots;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class BallotEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<BallotOpened>("ballot_opened", e => e.OpenedAt)
        .Add<BallotRulesOverridden>("ballot_rules_overridden", e => e.OverriddenAt)
        .Add<CorrectionOpened>("correction_opened", e => e.OpenedAt)
        .Add<AttendanceRecorded>("attendance_recorded", e => e.RecordedAt)
        .Add<VoteCast>("vote_cast", e => e.CastAt)
        .Add<BallotClosed>("ballot_closed", e => e.ClosedAt)
        .Add<ChairDecisionRecorded>("chair_decision_recorded", e => e.DecidedAt)
        .Add<DecisionReached>("decision_reached", e => e.DecidedAt);
}

// The Ballot stream: its events and the state they fold into.

/// <summary>Subject: what is decided, which service asked, and its reference there.</summary>
public sealed record Subject(string Kind, string Service, string Reference, string Title);

/// <summary>Everything the ballot is decided by is frozen here: the rules with their overrides and the eligible voters.</summary>
public sealed record BallotOpened(
    Guid BallotId, Guid CommitteeId, string Title, string Question, Subject Subject, Guid? RequestId, string Profile,
    RuleParameters Rules, Tally.Voter[] Electorate, Guid? ChairMemberId, bool EarlyClose, DateTimeOffset ClosesAt, DateTimeOffset OpenedAt,
    Guid? Corrects = null);

/// <summary>The secretariat opened a ballot under other rules than the committee's policy: what the policy said, and why.</summary>
public sealed record BallotRulesOverridden(
    Guid BallotId, string SubjectKind, string PolicyProfile, string Profile, DateTimeOffset EarliestClose, DateTimeOffset ClosesAt,
    string Reason, string OverriddenBy, DateTimeOffset OverriddenAt);

/// <summary>On the corrected ballot's stream: a correction ballot was opened on its decision (one at a time: the stream's version decides a race).</summary>
public sealed record CorrectionOpened(Guid BallotId, Guid DecisionId, Guid CorrectionBallotId, DateTimeOffset OpenedAt);

public sealed record AttendanceRecorded(Guid BallotId, Guid[] Present, DateTimeOffset RecordedAt);

/// <summary>A position of a member; a later one replaces it where the rules allow changes.</summary>
public sealed record VoteCast(Guid BallotId, Guid MemberId, string Position, string? Reason, DateTimeOffset CastAt);

/// <summary>ClosedBy: schedule, early (the outcome could no longer change) or secretariat.
/// Parts: the explanation as data (absent on ballots closed before it was recorded).</summary>
public sealed record BallotClosed(Guid BallotId, Tally Tally, string Outcome, string Explanation, string ClosedBy, DateTimeOffset ClosedAt,
    IReadOnlyList<ExplanationPart>? Parts = null);

public sealed record ChairDecisionRecorded(Guid BallotId, Guid ChairMemberId, string Outcome, string Reason, DateTimeOffset DecidedAt);

/// <summary>The final decision of the ballot, published to the requesting service as DecisionRecorded (with its request id and subject).</summary>
public sealed record DecisionReached(
    Guid BallotId, Guid DecisionId, Guid? RequestId, Subject Subject, string Outcome, bool Approved, string Explanation, Tally Tally, DateTimeOffset DecidedAt,
    IReadOnlyList<ExplanationPart>? Parts = null);

public enum BallotStatus { Open, Closed, Decided }

public sealed record Ballot(
    Guid Id, Guid CommitteeId, string Title, string Question, Subject Subject, Guid? RequestId, string Profile, RuleParameters Rules,
    Tally.Voter[] Electorate, Guid? ChairMemberId, bool EarlyClose, DateTimeOffset ClosesAt, DateTimeOffset OpenedAt,
    Guid[]? Present, Tally.Position[] Votes, BallotStatus Status, string? Outcome, string? Explanation, Tally? FinalTally,
    Guid? Corrects = null, Guid? LatestCorrectionBallot = null, IReadOnlyList<ExplanationPart>? ExplanationParts = null)
{
    public static Ballot Create(BallotOpened e) => new(e.BallotId, e.CommitteeId, e.Title, e.Question, e.Subject, e.RequestId, e.Profile, e.Rules,
        e.Electorate, e.ChairMemberId, e.EarlyClose, e.ClosesAt, e.OpenedAt, null, [], BallotStatus.Open, null, null, null, e.Corrects);

    public Ballot Apply(CorrectionOpened e) => this with { LatestCorrectionBallot = e.CorrectionBallotId };

    public Ballot Apply(AttendanceRecorded e) => this with { Present = e.Present };

    public Ballot Apply(VoteCast e) =>
        this with { Votes = [.. Votes.Where(v => v.MemberId != e.MemberId), new Tally.Position(e.MemberId, e.Position, e.Reason)] };

    public Ballot Apply(BallotClosed e) => this with { Status = BallotStatus.Closed, Outcome = e.Outcome, Explanation = e.Explanation, FinalTally = e.Tally, ExplanationParts = e.Parts };

    public Ballot Apply(DecisionReached e) => this with { Status = BallotStatus.Decided, Outcome = e.Outcome, Explanation = e.Explanation, ExplanationParts = e.Parts };

    /// <summary>The tally as it stands, from the latest position of each voter.</summary>
    public Tally CurrentTally() => Tally.Count(Rules, Electorate, Votes, Rules.Meeting ? (Present ?? []).ToHashSet() : null);
}
