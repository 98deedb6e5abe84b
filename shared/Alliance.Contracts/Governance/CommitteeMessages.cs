namespace Alliance.Contracts.Governance;

/// <summary>
/// Who chairs a committee (null: nobody), from its creation on. Compatibility lets the chair of a standard's
/// committee ask for the ratification of its versions.
/// </summary>
public sealed record CommitteeChairChanged(Guid CommitteeId, Guid? ChairMemberId, DateTimeOffset ChangedAt);
