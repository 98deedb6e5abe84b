using Alliance.Hosting;

namespace Alliance.Registry.Members;

/// <summary>NameZh: the member's Chinese name, optional; search matches either name.
/// EffectiveAt and Source: the secretariat's historical mode (imports), recording when it really happened and where it comes from.</summary>
public sealed record ApplicationRequest(string? Name, string? Kind, string? Country, string? Website, string? ContactEmail, string? NameZh = null,
    DateTimeOffset? EffectiveAt = null, string? Source = null);

/// <summary>EffectiveAt and Source: historical mode, as for applications.</summary>
public sealed record AdmissionRequest(string? Tier, DateTimeOffset? EffectiveAt = null, string? Source = null);

public sealed record SuspensionRequest(string? Reason);

public sealed record ErasureRequest(string? Reason);

public sealed record TierRequest(string? Tier);

public sealed record RenameRequest(string? Name, string? NameZh);

public sealed record ReasonRequest(string? Reason);

public sealed record IssueRequest(string? Role, string? Label);

/// <summary>
/// The pure decisions of the Member stream: application, admission, suspension and reinstatement, tier changes,
/// renames, withdrawal (by the member) and expulsion (by a member-expulsion ballot the secretariat requests),
/// credentials and erasure. Withdrawn and expelled are final: every later transition is refused by rule.
/// No I/O: the endpoints and consumers read what they need.
/// </summary>
public static class MemberDecisions
{
    /// <summary>The fields erasure makes unreadable (crypto-shredding, see MemberEndpoints' erasure).</summary>
    public static readonly string[] PersonalFields = ["contactEmail"];

    private static readonly string[] AdminMayIssue = [Roles.Member, Roles.MemberAdmin];
    private static readonly string[] SecretariatMayIssue = [Roles.Member, Roles.MemberAdmin, Roles.Reviewer];

    public static MemberApplied Apply(Guid memberId, ApplicationRequest request, DateTimeOffset now)
    {
        var v = new Validation();
        v.Required("name", request.Name);
        v.OneOf("kind", request.Kind, MemberKinds.All);
        // Historical records (Source given) may lack a country or an e-mail: the data they come from has none.
        var historical = request.Source is not null;
        if (!historical || !string.IsNullOrEmpty(request.Country)) v.Country("country", request.Country);
        v.HttpUrl("website", request.Website);
        if (!historical || !string.IsNullOrEmpty(request.ContactEmail)) v.Email("contactEmail", request.ContactEmail);
        if (request.NameZh is { Length: > 200 }) v.Add("nameZh", "'nameZh' must be at most 200 characters.");
        if (request.EffectiveAt > now) v.Add("effectiveAt", "'effectiveAt' cannot be in the future.");
        v.ThrowIfInvalid();
        return new MemberApplied(memberId, request.Name!.Trim(), request.Kind!, request.Country ?? "", request.Website, request.ContactEmail ?? "", request.EffectiveAt ?? now,
            string.IsNullOrWhiteSpace(request.NameZh) ? null : request.NameZh.Trim(), request.Source);
    }

    public static MemberAdmitted Admit(Member member, AdmissionRequest request, DateTimeOffset now)
    {
        var v = new Validation();
        v.OneOf("tier", request.Tier, MemberTiers.All);
        if (request.EffectiveAt > now) v.Add("effectiveAt", "'effectiveAt' cannot be in the future.");
        v.ThrowIfInvalid();
        if (member.Status != MemberStatus.Applied)
            throw new DomainRuleViolated("admission-requires-application",
                $"Only an applicant can be admitted; this member is {member.Status.ToString().ToLowerInvariant()}.");
        return new MemberAdmitted(member.Id, member.Name, member.Kind, member.Country, request.Tier!, request.EffectiveAt ?? now, request.Source);
    }

    /// <summary>Suspension revokes every credential of the member at once: no new token, and every service refuses the open ones when MemberSuspended arrives.</summary>
    public static MemberSuspended Suspend(Member member, SuspensionRequest request, DateTimeOffset now)
    {
        var v = new Validation();
        v.Required("reason", request.Reason, 1000);
        v.ThrowIfInvalid();
        if (member.Status != MemberStatus.Admitted)
            throw new DomainRuleViolated("suspension-requires-admitted-member",
                $"Only an admitted member can be suspended; this member is {member.Status.ToString().ToLowerInvariant()}.");
        return new MemberSuspended(member.Id, member.Name, member.Kind, member.Country, member.Tier!, request.Reason!.Trim(), member.ActiveClientIds, now);
    }

    public static MemberReinstated Reinstate(Member member, DateTimeOffset now) =>
        member.Status == MemberStatus.Suspended
            ? new MemberReinstated(member.Id, member.Name, member.Kind, member.Country, member.Tier!, now)
            : throw new DomainRuleViolated("reinstatement-requires-suspension",
                $"Only a suspended member can be reinstated; this member is {member.Status.ToString().ToLowerInvariant()}.");

    /// <summary>Null when the data is already erased: erasing twice is harmless (the masking runs again), but nothing new is recorded.</summary>
    public static MemberPersonalDataErased? Erase(Member member, ErasureRequest request, DateTimeOffset now)
    {
        var v = new Validation();
        v.Required("reason", request.Reason, 1000);
        v.ThrowIfInvalid();
        return member.PersonalDataErased ? null : new MemberPersonalDataErased(member.Id, PersonalFields, request.Reason!.Trim(), now);
    }

    public static void MustNotHaveLeft(Member m)
    {
        if (m.HasLeft) throw new DomainRuleViolated("member-has-left", $"The member is {m.Status.ToString().ToLowerInvariant()}; that is final.");
    }

    public static MemberTierChanged ChangeTier(Member m, TierRequest r, DateTimeOffset now)
    {
        MustNotHaveLeft(m);
        var v = new Validation();
        v.OneOf("tier", r.Tier, MemberTiers.All);
        v.ThrowIfInvalid();
        if (m.Tier is null) throw new DomainRuleViolated("tier-requires-admission", "An applicant has no tier yet; admit it first.");
        if (m.Tier == r.Tier) throw new DomainRuleViolated("tier-unchanged", $"The member is already of the {r.Tier} tier.");
        return new MemberTierChanged(m.Id, m.Name, m.Kind, m.Country, m.Tier, r.Tier!, now);
    }

    public static MemberRenamed Rename(Member m, Actor actor, RenameRequest r, DateTimeOffset now)
    {
        if (!actor.IsSecretariat && !(actor.IsMemberAdmin && actor.ActsFor(m.Id))) throw new Forbidden("Only the secretariat or the member's admin renames it.");
        MustNotHaveLeft(m);
        var v = new Validation();
        v.Required("name", r.Name);
        if (r.NameZh is { Length: > 200 }) v.Add("nameZh", "'nameZh' must be at most 200 characters.");
        v.ThrowIfInvalid();
        var nameZh = string.IsNullOrWhiteSpace(r.NameZh) ? m.NameZh : r.NameZh.Trim();
        if (r.Name!.Trim() == m.Name && nameZh == m.NameZh) throw new DomainRuleViolated("name-unchanged", "The member already has this name.");
        return new MemberRenamed(m.Id, m.Name, m.NameZh, r.Name.Trim(), nameZh, m.Kind, m.Country, m.Tier, now);
    }

    public static MemberWithdrew Withdraw(Member m, Actor actor, ReasonRequest r, DateTimeOffset now)
    {
        if (!(actor.IsMemberAdmin && actor.ActsFor(m.Id))) throw new Forbidden("A member withdraws through its own admin representative.");
        MustNotHaveLeft(m);
        if (m.Status is not (MemberStatus.Admitted or MemberStatus.Suspended))
            throw new DomainRuleViolated("withdrawal-requires-membership", "Only a member withdraws; an applicant is simply not admitted.");
        return new MemberWithdrew(m.Id, m.Name, m.Kind, m.Country, m.Tier!, r.Reason?.Trim(), m.ActiveClientIds, now);
    }

    public static MemberExpulsionRequested RequestExpulsion(Member m, Actor actor, ReasonRequest r, Guid requestId, DateTimeOffset now)
    {
        MustNotHaveLeft(m);
        var v = new Validation();
        v.Required("reason", r.Reason, 2000);
        v.ThrowIfInvalid();
        if (m.Status is not (MemberStatus.Admitted or MemberStatus.Suspended))
            throw new DomainRuleViolated("expulsion-requires-membership", "Only a member can be expelled.");
        if (m.PendingExpulsion is not null) throw new DomainRuleViolated("expulsion-already-requested", "An expulsion ballot for this member is already pending.");
        return new MemberExpulsionRequested(m.Id, requestId, m.Name, r.Reason!.Trim(), actor.Describe(), now);
    }

    /// <summary>Governance decided the pending expulsion request; a decision on another request changes nothing.</summary>
    public static object? Expelled(Member m, Guid requestId, Guid decisionId, bool approved, string outcome, DateTimeOffset now) =>
        m.PendingExpulsion != requestId || m.HasLeft ? null
        : approved ? new MemberExpelled(m.Id, m.Name, m.Kind, m.Country, m.Tier!, requestId, decisionId, m.ActiveClientIds, now)
        : new MemberExpulsionRejected(m.Id, requestId, decisionId, outcome, now);

    /// <summary>Governance refused to open the ballot of the pending expulsion request; any other request changes nothing.</summary>
    public static MemberExpulsionRequestRefused? ExpulsionRefused(Member m, Guid requestId, string rule, string reason, DateTimeOffset now) =>
        m.PendingExpulsion == requestId && !m.HasLeft ? new(m.Id, requestId, rule, reason, now) : null;

    /// <summary>A credential (OAuth client), issued by the secretariat or by the member's own admin; reviewer credentials come from the secretariat only.</summary>
    public static MemberCredentialIssued IssueCredential(Member member, Actor actor, IssueRequest request, string clientId, DateTimeOffset now)
    {
        MayManageCredentials(actor, member.Id);
        var v = new Validation();
        v.OneOf("role", request.Role, actor.IsSecretariat ? SecretariatMayIssue : AdminMayIssue);
        if (request.Label is { Length: > 100 }) v.Add("label", "'label' must be at most 100 characters.");
        v.ThrowIfInvalid();
        if (member.Status != MemberStatus.Admitted)
            throw new DomainRuleViolated("credentials-require-admitted-member",
                $"Credentials are issued only to admitted members; this member is {member.Status.ToString().ToLowerInvariant()}.");
        return new MemberCredentialIssued(member.Id, clientId, request.Role!, request.Label?.Trim(), now);
    }

    public static MemberCredentialRevoked RevokeCredential(Member member, Actor actor, string clientId, DateTimeOffset now)
    {
        MayManageCredentials(actor, member.Id);
        return member.ActiveClientIds.Contains(clientId)
            ? new MemberCredentialRevoked(member.Id, clientId, now)
            : throw new NotFound($"Active credential {clientId} of member {member.Id}");
    }

    public static void MayManageCredentials(Actor actor, Guid memberId)
    {
        if (actor.IsSecretariat || actor.IsMemberAdmin && actor.ActsFor(memberId)) return;
        throw new Forbidden("Only the secretariat or this member's admin manages its credentials.");
    }
}
