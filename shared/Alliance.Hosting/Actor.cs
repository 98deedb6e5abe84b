using System.Security.Claims;

namespace Alliance.Hosting;

public static class Roles
{
    public const string Secretariat = "secretariat";
    public const string Member = "member";
    public const string MemberAdmin = "member-admin";
    public const string Reviewer = "reviewer";
}

public static class Policies
{
    public const string Secretariat = "secretariat";
    /// <summary>Acts for one member: a member representative or that member's admin.</summary>
    public const string Member = "member";
    public const string Reviewer = "reviewer";
}

/// <summary>
/// Who sent the request, from the token's claims: sub (client id), member_id (absent for the secretariat),
/// role. Recorded on every event as "secretariat/{client}", "member/{member}/{client}" or "anonymous".
/// </summary>
public sealed record Actor(string? ClientId, Guid? MemberId, IReadOnlySet<string> Roles)
{
    public static readonly Actor Anonymous = new(null, null, new HashSet<string>());

    public static Actor Of(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return Anonymous;
        var member = user.FindFirst("member_id")?.Value;
        return new Actor(user.FindFirst("sub")?.Value, Guid.TryParse(member, out var id) ? id : null,
            user.FindAll("role").Select(c => c.Value).ToHashSet());
    }

    public bool IsSecretariat => Roles.Contains(Alliance.Hosting.Roles.Secretariat);
    public bool IsMemberAdmin => Roles.Contains(Alliance.Hosting.Roles.MemberAdmin);
    public bool ActsFor(Guid memberId) => MemberId == memberId;

    /// <summary>The secretariat, or a representative of this very member, may see the member's non-public data.</summary>
    public bool MaySeePrivateDataOf(Guid memberId) => IsSecretariat || ActsFor(memberId);

    /// <summary>Refuses (403) a representative acting for another member than its own.</summary>
    public void MustActFor(Guid memberId)
    {
        if (!ActsFor(memberId)) throw new Forbidden("This credential acts for another member.");
    }

    public string Describe() =>
        ClientId is null ? "anonymous"
        : IsSecretariat ? $"secretariat/{ClientId}"
        : MemberId is { } member ? $"member/{member}/{ClientId}"
        : ClientId;
}
