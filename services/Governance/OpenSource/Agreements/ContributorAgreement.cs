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

public static class AgreementDecisions
{
    public sealed record Sign(string? Kind, Guid? MemberId, string? Signatory, string[]? Handles, string[]? Domains, string? Handle, string? Name);

    public sealed record Authorisations(string[]? Handles, string[]? Domains);

    public static object Decide(Guid id, Sign r, Actor actor, string? memberName, DateTimeOffset now)
    {
        var v = new Validation();
        v.OneOf("kind", r.Kind, [ContributorAgreement.Corporate, ContributorAgreement.Individual]);
        v.ThrowIfInvalid();
        if (r.Kind == ContributorAgreement.Individual)
        {
            if (!actor.IsSecretariat) throw new Forbidden("The secretariat records individual CLAs.");
            var handle = Handle(v, "handle", r.Handle);
            v.Required("name", r.Name);
            v.ThrowIfInvalid();
            return new IndividualClaSigned(id, handle!, r.Name!.Trim(), now);
        }
        var memberId = r.MemberId ?? Guid.Empty;
        if (r.MemberId is null) v.Add("memberId", "'memberId' is required for a corporate CLA.");
        else if (memberName is null) v.Add("memberId", $"Member {memberId} is not a member in good standing.");
        v.Required("signatory", r.Signatory);
        var (handles, domains) = Lists(v, r.Handles, r.Domains);
        v.ThrowIfInvalid();
        if (!actor.IsSecretariat && !(actor.IsMemberAdmin && actor.ActsFor(memberId)))
            throw new Forbidden("Only the secretariat or the member's own admin records its corporate CLA.");
        return new CorporateClaSigned(id, memberId, memberName!, r.Signatory!.Trim(), handles, domains, now);
    }

    public static CorporateClaAuthorisationsChanged Authorise(ContributorAgreement a, Authorisations r, Actor actor, DateTimeOffset now)
    {
        MayManage(a, actor);
        if (a.Kind != ContributorAgreement.Corporate) throw new DomainRuleViolated("not-corporate", "Only a corporate CLA has a list of authorised contributors.");
        var v = new Validation();
        var (handles, domains) = Lists(v, r.Handles, r.Domains);
        v.ThrowIfInvalid();
        return new CorporateClaAuthorisationsChanged(a.Id, handles, domains, now);
    }

    public sealed record Termination(string? Reason);

    public static ContributorAgreementTerminated Terminate(ContributorAgreement a, Termination r, Actor actor, DateTimeOffset now)
    {
        MayManage(a, actor);
        var v = new Validation();
        v.Required("reason", r.Reason, 2000);
        v.ThrowIfInvalid();
        return new ContributorAgreementTerminated(a.Id, r.Reason!.Trim(), now);
    }

    private static void MayManage(ContributorAgreement a, Actor actor)
    {
        if (a.Terminated) throw new DomainRuleViolated("agreement-terminated", "The agreement is terminated; sign a new one.");
        if (actor.IsSecretariat || a.MemberId is { } member && actor.IsMemberAdmin && actor.ActsFor(member)) return;
        throw new Forbidden("Only the secretariat, or the signing member's admin, changes this agreement.");
    }

    private static (string[] Handles, string[] Domains) Lists(Validation v, string[]? handles, string[]? domains)
    {
        if ((handles?.Length ?? 0) + (domains?.Length ?? 0) is 0 or > 5000)
            v.Add("handles", "A corporate CLA authorises 1 to 5000 contributors by 'handles' and/or e-mail 'domains'.");
        var h = (handles ?? []).Select((x, i) => Handle(v, $"handles[{i}]", x)).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var d = (domains ?? []).Select((x, i) => Domain(v, $"domains[{i}]", x)).OfType<string>().Distinct().ToArray();
        return (h, d);
    }

    private static string? Handle(Validation v, string field, string? handle)
    {
        if (!v.Required(field, handle, 100)) return null;
        var h = handle!.Trim().TrimStart('@');
        if (h.Length > 0 && h.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) return h;
        v.Add(field, "A handle has letters, digits, '-', '_' and '.' only.");
        return null;
    }

    private static string? Domain(Validation v, string field, string? domain)
    {
        if (!v.Required(field, domain, 253)) return null;
        var d = domain!.Trim().TrimStart('@').ToLowerInvariant();
        if (d.Contains('.') && Uri.CheckHostName(d) == UriHostNameType.Dns) return d;
        v.Add(field, "An e-mail domain such as example.com.");
        return null;
    }
}
