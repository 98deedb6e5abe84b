using Alliance.Hosting;

namespace Alliance.Registry.Members;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class MemberEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<MemberApplied>("member_applied", e => e.AppliedAt)
        .Add<MemberTierChanged>("member_tier_changed", e => e.ChangedAt)
        .Add<MemberRenamed>("member_renamed", e => e.RenamedAt)
        .Add<MemberWithdrew>("member_withdrew", e => e.WithdrewAt)
        .Add<MemberExpulsionRequested>("member_expulsion_requested", e => e.RequestedAt)
        .Add<MemberExpelled>("member_expelled", e => e.ExpelledAt)
        .Add<MemberExpulsionRequestRefused>("member_expulsion_request_refused", e => e.RefusedAt)
        .Add<MemberExpulsionRejected>("member_expulsion_rejected", e => e.RejectedAt)
        .Add<MemberAdmitted>("member_admitted", e => e.AdmittedAt)
        .Add<MemberSuspended>("member_suspended", e => e.SuspendedAt)
        .Add<MemberReinstated>("member_reinstated", e => e.ReinstatedAt)
        .Add<MemberCredentialIssued>("member_credential_issued", e => e.IssuedAt)
        .Add<MemberCredentialRevoked>("member_credential_revoked", e => e.RevokedAt)
        .Add<MemberPersonalDataErased>("member_personal_data_erased", e => e.ErasedAt);
}

// The Member stream: its events and the state they fold into, readable in one screen.

/// <summary>Name: the name the member gave (any language); NameZh: its Chinese name where it gave one. ContactEmail is personal
/// data, stored sealed under the member's own key (PersonalData; events written before sealing hold it in clear).</summary>
public sealed record MemberApplied(
    Guid MemberId, string Name, string Kind, string Country, string? Website, string ContactEmail, DateTimeOffset AppliedAt, string? NameZh = null,
    string? Source = null);

public sealed record MemberTierChanged(Guid MemberId, string Name, string Kind, string Country, string FormerTier, string Tier, DateTimeOffset ChangedAt);

/// <summary>The former names stay searchable.</summary>
public sealed record MemberRenamed(Guid MemberId, string FormerName, string? FormerNameZh, string Name, string? NameZh, string Kind, string Country, string? Tier, DateTimeOffset RenamedAt);

/// <summary>The member left the alliance of its own accord: final; its credentials are revoked and it leaves its projects.</summary>
public sealed record MemberWithdrew(Guid MemberId, string Name, string Kind, string Country, string Tier, string? Reason, string[] RevokedClientIds, DateTimeOffset WithdrewAt);

/// <summary>The secretariat asks for a member-expulsion ballot; published as BallotRequested.</summary>
public sealed record MemberExpulsionRequested(Guid MemberId, Guid RequestId, string Name, string Reason, string RequestedBy, DateTimeOffset RequestedAt);

public sealed record MemberExpelled(
    Guid MemberId, string Name, string Kind, string Country, string Tier, Guid RequestId, Guid DecisionId, string[] RevokedClientIds, DateTimeOffset ExpelledAt);

/// <summary>Governance refused to open the expulsion ballot (Rule, Reason): no expulsion is pending any more; the secretariat may ask again.</summary>
public sealed record MemberExpulsionRequestRefused(Guid MemberId, Guid RequestId, string Rule, string Reason, DateTimeOffset RefusedAt);

public sealed record MemberExpulsionRejected(Guid MemberId, Guid RequestId, Guid DecisionId, string Outcome, DateTimeOffset RejectedAt);

/// <summary>
/// Carries the member's name, kind and country as they were at admission, so the published contract needs no
/// lookup. Source: where a historical admission was imported from (AdmittedAt is then its business time).
/// </summary>
public sealed record MemberAdmitted(
    Guid MemberId, string Name, string Kind, string Country, string Tier, DateTimeOffset AdmittedAt, string? Source = null);

/// <summary>Suspension revokes every credential of the member at once; they are listed here.</summary>
public sealed record MemberSuspended(
    Guid MemberId, string Name, string Kind, string Country, string Tier, string Reason, string[] RevokedClientIds, DateTimeOffset SuspendedAt);

public sealed record MemberReinstated(Guid MemberId, string Name, string Kind, string Country, string Tier, DateTimeOffset ReinstatedAt);

/// <summary>A credential (OAuth client) was issued; its secret is never in the event store.</summary>
public sealed record MemberCredentialIssued(Guid MemberId, string ClientId, string Role, string? Label, DateTimeOffset IssuedAt);

public sealed record MemberCredentialRevoked(Guid MemberId, string ClientId, DateTimeOffset RevokedAt);

/// <summary>Personal data of the member was masked on a verified request; the erased values are not repeated here.</summary>
public sealed record MemberPersonalDataErased(Guid MemberId, string[] Fields, string Reason, DateTimeOffset ErasedAt);

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
    string[] ActiveClientIds, bool PersonalDataErased, string? NameZh = null, Guid? PendingExpulsion = null)
{
    public const string Erased = "[erased]";

    public static Member Create(MemberApplied e) =>
        new(e.MemberId, e.Name, e.Kind, e.Country, e.Website, e.ContactEmail, MemberStatus.Applied, null, [], false, e.NameZh);

    public bool HasLeft => Status is MemberStatus.Withdrawn or MemberStatus.Expelled;

    public Member Apply(MemberTierChanged e) => this with { Tier = e.Tier };
    public Member Apply(MemberRenamed e) => this with { Name = e.Name, NameZh = e.NameZh };
    public Member Apply(MemberWithdrew e) => this with { Status = MemberStatus.Withdrawn, ActiveClientIds = [] };
    public Member Apply(MemberExpulsionRequested e) => this with { PendingExpulsion = e.RequestId };
    public Member Apply(MemberExpelled e) => this with { Status = MemberStatus.Expelled, ActiveClientIds = [], PendingExpulsion = null };
    public Member Apply(MemberExpulsionRejected e) => this with { PendingExpulsion = null };
    public Member Apply(MemberExpulsionRequestRefused e) => this with { PendingExpulsion = null };

    public Member Apply(MemberAdmitted e) => this with { Status = MemberStatus.Admitted, Tier = e.Tier };
    public Member Apply(MemberSuspended e) => this with { Status = MemberStatus.Suspended, ActiveClientIds = [] };
    public Member Apply(MemberReinstated e) => this with { Status = MemberStatus.Admitted };
    public Member Apply(MemberCredentialIssued e) => this with { ActiveClientIds = [.. ActiveClientIds, e.ClientId] };
    public Member Apply(MemberCredentialRevoked e) => this with { ActiveClientIds = ActiveClientIds.Where(c => c != e.ClientId).ToArray() };
    public Member Apply(MemberPersonalDataErased e) => this with { ContactEmail = Erased, PersonalDataErased = true };
}
