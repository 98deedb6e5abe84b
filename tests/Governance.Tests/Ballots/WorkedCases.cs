namespace Alliance.Governance.Tests.Ballots;

/// <summary>
/// The worked cases of the governance research notes (Part C) as data, shared by the unit tests (engine)
/// and the end-to-end tests (committee, seats, ballot, votes, close over HTTP). Reasons: a negative that
/// needs one gets "technical reasons" unless listed in Unreasoned. Present: for meeting ballots, how many
/// of the binding voters (in order) attend; null means all.
/// </summary>
public sealed record WorkedCase(
    string Id, string Profile, Dictionary<string, object> Parameters, (string Position, int Count)[] Binding, (string Position, int Count)[] NonBinding,
    int Silent, int? Present, string[] Unreasoned, string Expected)
{
    public override string ToString() => Id;

    private static WorkedCase Case(string id, string profile, string expected, (string, int)[] binding, int silent = 0,
        (string, int)[]? nonBinding = null, int? present = null, string[]? unreasoned = null, Dictionary<string, object>? parameters = null) =>
        new(id, profile, parameters ?? [], binding, nonBinding ?? [], silent, present, unreasoned ?? [], expected);

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
    ];
}
