using Alliance.Hosting;

namespace Alliance.Governance.Committees;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class CommitteeEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<CommitteeCreated>("committee_created", e => e.CreatedAt)
        .Add<SeatAssigned>("seat_assigned", e => e.AssignedAt)
        .Add<SeatRemoved>("seat_removed", e => e.RemovedAt);
}

// The Committee stream: its events and the state they fold into.

public sealed record CommitteeCreated(
    Guid CommitteeId, string Name, string Purpose, string DefaultProfile, Guid? ChairMemberId, DateTimeOffset CreatedAt);

/// <summary>
/// Role: voting or observer. Group: the affiliation group (members of one corporate group). Reason: why, when
/// the platform changed the seat itself (a member moved to the observer tier); null when the secretariat assigned it.
/// </summary>
public sealed record SeatAssigned(
    Guid CommitteeId, Guid MemberId, string MemberName, string Role, bool Binding, string? Group, DateTimeOffset AssignedAt, string? Reason = null);

public sealed record SeatRemoved(Guid CommitteeId, Guid MemberId, DateTimeOffset RemovedAt);

public static class CommitteePurposes
{
    public static readonly string[] All = ["standards", "technical-oversight", "open-source", "general"];
}

public sealed record Seat(Guid MemberId, string MemberName, string Role, bool Binding, string? Group)
{
    public bool Votes => Role == "voting";
}

public sealed record Committee(Guid Id, string Name, string Purpose, string DefaultProfile, Guid? ChairMemberId, Seat[] Seats)
{
    public static Committee Create(CommitteeCreated e) => new(e.CommitteeId, e.Name, e.Purpose, e.DefaultProfile, e.ChairMemberId, []);

    public Committee Apply(SeatAssigned e) =>
        this with { Seats = [.. Seats.Where(s => s.MemberId != e.MemberId), new Seat(e.MemberId, e.MemberName, e.Role, e.Binding, e.Group)] };

    public Committee Apply(SeatRemoved e) => this with { Seats = Seats.Where(s => s.MemberId != e.MemberId).ToArray() };
}
