using Alliance.Hosting;
using Alliance.Registry.Projects;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Registry.Members;

/// <summary>
/// Tier changes, renames, withdrawal (by the member) and expulsion (by a member-expulsion ballot the
/// secretariat requests). Withdrawn and expelled are final: every later transition is refused by rule.
/// </summary>
public static class MemberLifecycle
{
    public sealed record TierRequest(string? Tier);
    public sealed record RenameRequest(string? Name, string? NameZh);
    public sealed record ReasonRequest(string? Reason);

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

    /// <summary>A member that left leaves every active project, with an event on each project saying why, in the same transaction.</summary>
    public static async Task LeaveProjects(IDocumentSession session, NpgsqlConnection db, Guid memberId, string why, DateTimeOffset now, CancellationToken ct)
    {
        var projects = await db.QueryAsync<Guid>(
            "select project_id from project_partners where member_id = @memberId and consent in ('lead', 'invited', 'accepted')", new { memberId });
        foreach (var projectId in projects)
        {
            var stream = await session.Events.FetchForWriting<Project>(projectId, ct);
            if (stream.Aggregate is { } p && ProjectDecisions.MemberGone(p, memberId, why, now) is { } left) stream.AppendOne(left);
        }
        session.QueueSqlCommand("update client_credentials set revoked_at = now() where member_id = ? and revoked_at is null", memberId);
    }
}
