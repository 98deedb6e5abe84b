namespace Alliance.Governance.Tests.Ballots;

/// <summary>
/// The worked cases of the governance research notes (Part C) as data, shared by the unit tests (engine)
/// and the end-to-end tests (committee, seats, ballot, votes, close over HTTP). Reasons: a negative that
/// needs one gets "technical reasons" unless listed in Unreasoned. Present: for meeting ballots, how many
/// of the binding voters (in order) attend; null means all. Affiliated: binding voters who share an
/// affiliation group (the seat's group). Cases WE-nn are the research notes'; the others were worked out
/// here from the same sources (the formula and the arithmetic are in the comment beside each).
/// </summary>
public sealed record WorkedCase(
    string Id, string Profile, Dictionary<string, object> Parameters, (string Position, int Count)[] Binding, (string Position, int Count)[] NonBinding,
    int Silent, int? Present, string[] Unreasoned, string Expected, (string Group, string Position, int Count)[] Affiliated)
{
    public override string ToString() => Id;

    /// <summary>A seat of the case's committee and the position its member takes (null: silent).</summary>
    public sealed record Seat(bool Binding, string? Group, string? Position);

    /// <summary>Every seat in one order for the engine and the HTTP tests: binding, affiliated, silent, then non-binding.</summary>
    public IReadOnlyList<Seat> Seats() =>
    [
        .. Binding.SelectMany(b => Enumerable.Repeat(new Seat(true, null, b.Position), b.Count)),
        .. Affiliated.SelectMany(a => Enumerable.Repeat(new Seat(true, a.Group, a.Position), a.Count)),
        .. Enumerable.Repeat(new Seat(true, null, null), Silent),
        .. NonBinding.SelectMany(b => Enumerable.Repeat(new Seat(false, null, b.Position), b.Count)),
    ];

    private static WorkedCase Case(string id, string profile, string expected, (string, int)[] binding, int silent = 0,
        (string, int)[]? nonBinding = null, int? present = null, string[]? unreasoned = null, Dictionary<string, object>? parameters = null,
        (string, string, int)[]? affiliated = null) =>
        new(id, profile, parameters ?? [], binding, nonBinding ?? [], silent, present, unreasoned ?? [], expected, affiliated ?? []);

    public static readonly WorkedCase[] All =
    [
        Case("WE-01", "iso-dis-fdis", "approved", [("approve", 12), ("disapprove", 3), ("abstain", 5)]),
        Case("WE-02", "iso-dis-fdis", "rejected", [("approve", 10), ("disapprove", 5)]),
        Case("WE-04", "iso-dis-fdis", "approved", [("approve", 8), ("disapprove", 4)], nonBinding: [("approve", 6)]),
        Case("WE-06", "iso-dis-fdis", "rejected", [("abstain", 20)]),
        Case("WE-07", "jtc1-meeting", "further-discussion", [("yes", 7), ("no", 7), ("abstain", 3)]),
        Case("WE-08", "iesg-standards-track", "approved", [("yes", 1), ("no-objection", 9), ("abstain", 2), ("recuse", 1)], silent: 2),
        Case("WE-09", "iesg-standards-track", "rejected", [("yes", 1), ("no-objection", 8), ("discuss", 1), ("abstain", 2), ("recuse", 1)], silent: 2),
        Case("WE-10", "iesg-standards-track", "rejected", [("no-objection", 14), ("abstain", 1)]),
        Case("WE-11", "iesg-informational", "approved", [("yes", 1), ("abstain", 13)], silent: 1),
        Case("WE-13", "jcp-ec", "approved", [("yes", 5), ("no", 4), ("abstain", 7)]),
        Case("WE-14", "jcp-ec", "rejected", [("yes", 4), ("abstain", 12)]),
        Case("WE-15", "jcp-ec", "rejected", [("yes", 6), ("no", 6), ("abstain", 4)]),
        Case("WE-16", "jcp-ec", "no-quorum", [("yes", 11)], silent: 5, present: 11, parameters: new() { ["meeting"] = true, ["presentQuorum"] = "3/4" }),
        Case("WE-17", "apache-release", "approved", [("+1", 3), ("-1", 2)], nonBinding: [("-1", 5)]),
        Case("WE-17b", "apache-release", "rejected", [("+1", 3), ("-1", 2)], nonBinding: [("-1", 5)], parameters: new() { ["countNonBinding"] = true }),
        Case("WE-18", "apache-release", "rejected", [("+1", 2)], nonBinding: [("+1", 10)]),
        Case("WE-19", "apache-code-change", "rejected", [("+1", 5), ("-1", 1)]),
        Case("WE-20", "apache-code-change", "approved", [("+1", 3), ("-1", 1)], unreasoned: ["-1"]),
        Case("WE-22", "oasis-special-majority", "approved", [("yes", 6), ("no", 2), ("abstain", 1)]),
        Case("WE-23", "oasis-special-majority", "rejected", [("yes", 6), ("no", 3)]),
        Case("WE-24", "oasis-special-majority", "rejected", [("yes", 5), ("abstain", 4)]),
        Case("WE-26", "ieee-sa", "approved", [("approve", 55), ("disapprove", 15), ("abstain", 10)], silent: 20),
        Case("WE-26b", "ieee-sa", "rejected", [("approve", 55), ("disapprove", 15), ("abstain", 10)], silent: 20, parameters: new() { ["approvalOf"] = "returned" }),
        Case("WE-27", "ieee-sa", "rejected", [("approve", 74)], silent: 26),
        Case("WE-29", "cncf-gitvote", "approved", [("in-favour", 8), ("against", 1), ("abstain", 1)], silent: 1),
        Case("WE-33", "cncf-toc-meeting", "no-quorum", [("yes", 7)], silent: 4, present: 7),
        Case("WE-34", "cncf-toc-meeting", "approved", [("yes", 5), ("no", 3)], silent: 3, present: 8),
        Case("WE-37", "w3c-ac-appeal", "decision-stands", [("approve", 40), ("reject", 40), ("abstain", 20)]),
        Case("WE-38", "w3c-council", "chair-decides", [("for", 10), ("against", 10)]),

        // Nobody for or against. W3C appeal: overturned only if reject > approve, so 0 : 0 leaves the decision standing.
        Case("ZV-01", "w3c-ac-appeal", "decision-stands", [("abstain", 5)]),
        Case("ZV-02", "w3c-ac-appeal", "decision-stands", [], silent: 4),
        // W3C Council: adopted if more ballots for than against; a tie (0 : 0) is the Council Chair's to decide.
        Case("ZV-03", "w3c-council", "chair-decides", [("abstain", 4)]),
        // JTC 1: a vote equally divided (0 : 0) goes to further discussion, it is not a rejection.
        Case("ZV-04", "jtc1-meeting", "further-discussion", [("abstain", 3)]),
        // The generic simple majority: for = against is a tie, whatever the number.
        Case("ZV-05", "simple-majority", "tie", [("abstain", 2)], silent: 1),
        // Apache procedural: +1 > −1 fails at 0 > 0 (a tie fails).
        Case("ZV-06", "apache-procedural", "rejected", [("0", 3)]),
        // IESG: needs a Yes; JCP EC: needs five yes; CNCF TOC meeting with quorum: 2·0 > 8 fails.
        Case("ZV-07", "iesg-informational", "rejected", [("abstain", 4)]),
        Case("ZV-08", "jcp-ec", "rejected", [("abstain", 6)]),
        Case("ZV-09", "cncf-toc-meeting", "rejected", [("abstain", 8)], silent: 3, present: 8),

        // Two thirds of votes cast: 3·10 = 30 ≥ 2·15 = 30 (exactly two thirds passes); 3·9 = 27 < 2·14 = 28; nobody cast yes or no.
        Case("TC-01", "two-thirds-of-cast", "approved", [("yes", 10), ("no", 5), ("abstain", 3)]),
        Case("TC-02", "two-thirds-of-cast", "rejected", [("yes", 9), ("no", 5), ("abstain", 6)]),
        Case("TC-03", "two-thirds-of-cast", "rejected", [("abstain", 4)]),
        // Two thirds of all eligible: V = 9, 3·6 = 18 ≥ 2·9 = 18; V = 10 with 6 yes, 1 no, 3 abstain, 3·6 = 18 < 2·10 = 20 (abstaining
        // counts against), while the same votes pass two thirds of those cast (3·6 = 18 ≥ 2·7 = 14).
        Case("TE-01", "two-thirds-of-eligible", "approved", [("yes", 6)], silent: 3),
        Case("TE-02", "two-thirds-of-eligible", "rejected", [("yes", 6), ("no", 1), ("abstain", 3)]),
        Case("TE-03", "two-thirds-of-cast", "approved", [("yes", 6), ("no", 1), ("abstain", 3)]),
        // Apache procedural: 3 > 2 passes (0 ignored); 2 = 2 fails; non-binding +1 never count: binding 1 < 2.
        Case("AP-01", "apache-procedural", "approved", [("+1", 3), ("-1", 2), ("0", 4)]),
        Case("AP-02", "apache-procedural", "rejected", [("+1", 2), ("-1", 2), ("0", 1)]),
        Case("AP-03", "apache-procedural", "rejected", [("+1", 1), ("-1", 2)], nonBinding: [("+1", 5)]),

        // W3C Council, identical ballots of one affiliation count as one: G's two "for" are one vote, 2 : 2 is a tie.
        Case("AG-01", "w3c-council", "chair-decides", [("for", 1), ("against", 2)], affiliated: [("G", "for", 2)]),
        // W3C Council, different ballots of one affiliation each count: for 1 + 1, against 1 + 1, 2 : 2.
        Case("AG-02", "w3c-council", "chair-decides", [("for", 1), ("against", 1)], affiliated: [("G", "for", 1), ("G", "against", 1)]),
        // Three of one affiliation, two identical: for 1 (G) + 1, against 1 (G): 2 > 1.
        Case("AG-03", "w3c-council", "approved", [("for", 1)], affiliated: [("G", "for", 2), ("G", "against", 1)]),
        // W3C appeal, one vote per Member or group of related Members: G's two rejects are one, 1 : 1, the decision stands.
        Case("AG-04", "w3c-ac-appeal", "decision-stands", [("approve", 1)], affiliated: [("G", "reject", 2)]),
        // W3C appeal, a divided group casts no valid vote: 0 : 1 overturns.
        Case("AG-05", "w3c-ac-appeal", "rejected", [("reject", 1)], affiliated: [("G", "approve", 1), ("G", "reject", 1)]),
    ];
}
