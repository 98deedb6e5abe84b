using Alliance.Hosting;

namespace Alliance.Governance.OpenSource.Agreements;

/// <summary>The pure decisions of the ContributorAgreement stream: sign, authorise, terminate, erase the signatory.</summary>
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

    public sealed record SignatoryErasureRequest(string? Reason);

    /// <summary>The corporate signatory's name erased on a verified request (secretariat); allowed on a terminated agreement too.</summary>
    public static CorporateClaSignatoryErased EraseSignatory(ContributorAgreement a, SignatoryErasureRequest r, Actor actor, DateTimeOffset now)
    {
        if (!actor.IsSecretariat) throw new Forbidden("The secretariat erases personal data.");
        if (a.Kind != ContributorAgreement.Corporate) throw new DomainRuleViolated("not-corporate", "Only a corporate CLA has a signatory; an individual signatory is erased by POST /people/{handle}/erasure.");
        var v = new Validation();
        v.Required("reason", r.Reason, 1000);
        v.ThrowIfInvalid();
        return new CorporateClaSignatoryErased(a.Id, r.Reason!.Trim(), now);
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
