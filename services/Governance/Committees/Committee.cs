using Alliance.Hosting;

namespace Alliance.Governance.Committees;

// The Committee stream: its events and the state they fold into.

public sealed record CommitteeCreated(
    Guid CommitteeId, string Name, string Purpose, string DefaultProfile, Guid? ChairMemberId, DateTimeOffset CreatedAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => CreatedAt;
}

/// <summary>
/// Role: voting or observer. Group: the affiliation group (members of one corporate group). Reason: why, when
/// the platform changed the seat itself (a member moved to the observer tier); null when the secretariat assigned it.
/// </summary>
public sealed record SeatAssigned(
    Guid CommitteeId, Guid MemberId, string MemberName, string Role, bool Binding, string? Group, DateTimeOffset AssignedAt, string? Reason = null) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => AssignedAt;
}

public sealed record SeatRemoved(Guid CommitteeId, Guid MemberId, DateTimeOffset RemovedAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => RemovedAt;
}

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
