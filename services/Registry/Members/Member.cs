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

/// <summary>Suspension revokes every credential of the member at once; they are listed here.</summary>
public sealed record MemberSuspended(
    Guid MemberId, string Name, string Kind, string Country, string Tier, string Reason, string[] RevokedClientIds, DateTimeOffset SuspendedAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => SuspendedAt;
}

public sealed record MemberReinstated(Guid MemberId, string Name, string Kind, string Country, string Tier, DateTimeOffset ReinstatedAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => ReinstatedAt;
}

/// <summary>A credential (OAuth client) was issued; its secret is never in the event store.</summary>
public sealed record MemberCredentialIssued(Guid MemberId, string ClientId, string Role, string? Label, DateTimeOffset IssuedAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => IssuedAt;
}

public sealed record MemberCredentialRevoked(Guid MemberId, string ClientId, DateTimeOffset RevokedAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => RevokedAt;
}

/// <summary>Personal data of the member was masked on a verified request; the erased values are not repeated here.</summary>
public sealed record MemberPersonalDataErased(Guid MemberId, string[] Fields, string Reason, DateTimeOffset ErasedAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => ErasedAt;
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
    Guid Id, string Name, string Kind, string Country, string? Website, string ContactEmail, MemberStatus Status, string? Tier,
    string[] ActiveClientIds, bool PersonalDataErased)
{
    public const string Erased = "[erased]";

    public static Member Create(MemberApplied e) =>
        new(e.MemberId, e.Name, e.Kind, e.Country, e.Website, e.ContactEmail, MemberStatus.Applied, null, [], false);

    public Member Apply(MemberAdmitted e) => this with { Status = MemberStatus.Admitted, Tier = e.Tier };
    public Member Apply(MemberSuspended e) => this with { Status = MemberStatus.Suspended, ActiveClientIds = [] };
    public Member Apply(MemberReinstated e) => this with { Status = MemberStatus.Admitted };
    public Member Apply(MemberCredentialIssued e) => this with { ActiveClientIds = [.. ActiveClientIds, e.ClientId] };
    public Member Apply(MemberCredentialRevoked e) => this with { ActiveClientIds = ActiveClientIds.Where(c => c != e.ClientId).ToArray() };
    public Member Apply(MemberPersonalDataErased e) => this with { ContactEmail = Erased, PersonalDataErased = true };
}
