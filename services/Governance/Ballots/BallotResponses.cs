namespace Alliance.Governance.Ballots;

// What the ballot endpoints answer, as named types so that a client generated from the OpenAPI document has them.

/// <summary>A vote as recorded; Counted is false (and Note says why) when the profile requires a reason the vote lacks; Closed: the vote closed the ballot.</summary>
public sealed record VoteReceipt(Guid BallotId, Guid MemberId, string Position, bool Counted, string? Note, bool Closed);

public sealed record MeetingAttendance(Guid BallotId, Guid[]? Present);

/// <summary>A ballot closed by the secretariat: the outcome, the engine's explanation and the tally.</summary>
public sealed record BallotClosure(Guid BallotId, string Outcome, string Explanation, Tally Tally);

public sealed record ChairOutcome(Guid BallotId, string Outcome);

/// <summary>A member's latest position; Binding: whether its seat's vote counts.</summary>
public sealed record VoteView(Guid MemberId, string Position, string? Reason, bool Binding);

/// <summary>A rule profile: its positions, its parameters (positions listed apart), and the body's minimum voting period.</summary>
public sealed record RuleProfileView(string Id, string Title, string Explanation, IReadOnlyList<ReadBallots.PositionView> Positions, RuleParameters Parameters,
    int MinimumPeriodHours, string MinimumPeriodSource);
