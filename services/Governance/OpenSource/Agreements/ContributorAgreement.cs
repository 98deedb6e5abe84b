using Alliance.Hosting;

namespace Alliance.Governance.OpenSource.Agreements;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class ContributorAgreementEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<CorporateClaSigned>("corporate_cla_signed", e => e.SignedAt)
        .Add<CorporateClaAuthorisationsChanged>("corporate_cla_authorisations_changed", e => e.ChangedAt)
        .Add<IndividualClaSigned>("individual_cla_signed", e => e.SignedAt)
        .Add<CorporateClaSignatoryErased>("corporate_cla_signatory_erased", e => e.ErasedAt)
        .Add<ContributorAgreementTerminated>("contributor_agreement_terminated", e => e.TerminatedAt);
}

// The ContributorAgreement stream: a corporate CLA signed by a member (with its list of authorised contributors)
// or an individual CLA of one contributor. Both hold for every hosted project until terminated.

public sealed record CorporateClaSigned(
    Guid AgreementId, Guid MemberId, string MemberName, string Signatory, string[] Handles, string[] Domains, DateTimeOffset SignedAt);

/// <summary>The whole new approval list (EasyCLA-style: GitHub handles and e-mail domains).</summary>
public sealed record CorporateClaAuthorisationsChanged(Guid AgreementId, string[] Handles, string[] Domains, DateTimeOffset ChangedAt);

public sealed record IndividualClaSigned(Guid AgreementId, string Handle, string Name, DateTimeOffset SignedAt);

/// <summary>The corporate signatory's name was erased on a verified request (the agreement's personal-data key deleted).</summary>
public sealed record CorporateClaSignatoryErased(Guid AgreementId, string Reason, DateTimeOffset ErasedAt);

public sealed record ContributorAgreementTerminated(Guid AgreementId, string Reason, DateTimeOffset TerminatedAt);

public sealed record ContributorAgreement(Guid Id, string Kind, Guid? MemberId, string[] Handles, string[] Domains, bool Terminated)
{
    public const string Corporate = "corporate";
    public const string Individual = "individual";

    public static ContributorAgreement Create(CorporateClaSigned e) => new(e.AgreementId, Corporate, e.MemberId, e.Handles, e.Domains, false);

    public static ContributorAgreement Create(IndividualClaSigned e) => new(e.AgreementId, Individual, null, [e.Handle], [], false);

    public ContributorAgreement Apply(CorporateClaAuthorisationsChanged e) => this with { Handles = e.Handles, Domains = e.Domains };

    public ContributorAgreement Apply(ContributorAgreementTerminated _) => this with { Terminated = true };

    public ContributorAgreement Apply(CorporateClaSignatoryErased _) => this;
}
