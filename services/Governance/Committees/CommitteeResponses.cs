namespace Alliance.Governance.Committees;

public sealed record NewCommittee(Guid CommitteeId);

/// <summary>A committee with its seats, as GET /committees/{id} answers.</summary>
public sealed record CommitteeDetail(Guid CommitteeId, string Name, string Purpose, string DefaultProfile, Guid? ChairMemberId, DateTime CreatedAt, long Version,
    IReadOnlyList<CommitteeEndpoints.SeatRow> Seats);
