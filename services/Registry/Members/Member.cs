using Alliance.Hosting;

namespace Alliance.Registry.Members;

// The Member stream: its events and the state they fold into, readable in one screen.

public sealed record MemberApplied(
    Guid MemberId, string Name, string Kind, string Country, string? Website, string ContactEmail, DateTimeOffset AppliedAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => AppliedAt;
}

/// <summary>Carries the member's name, kind and country as they were at admission, so the published contract needs no lookup.</summary>
public sealed record MemberAdmitted(
    Guid MemberId, string Name, string Kind, string Country, string Tier, DateTimeOffset AdmittedAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => AdmittedAt;
}

public static class MemberKinds
{
    public static readonly string[] All = ["company", "university", "institute", "other"];
}

public static class MemberTiers
{
    public static readonly string[] All = ["strategic", "general", "academic", "observer"];
}

public enum MemberStatus { Applied, Admitted, Suspended, Withdrawn, Expelled }

public sealed record Member(
    Guid Id, string Name, string Kind, string Country, string? Website, string ContactEmail, MemberStatus Status, string? Tier)
{
    public static Member Create(MemberApplied e) =>
        new(e.MemberId, e.Name, e.Kind, e.Country, e.Website, e.ContactEmail, MemberStatus.Applied, null);

    public Member Apply(MemberAdmitted e) => this with { Status = MemberStatus.Admitted, Tier = e.Tier };
}
