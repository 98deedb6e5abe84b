using Alliance.Hosting;

namespace Alliance.Registry.Members;

/// <summary>ContactEmail is personal data: only the secretariat and the member itself see it.</summary>
public sealed record MemberView(
    Guid MemberId, string Name, string? NameZh, string[] FormerNames, string Kind, string Country, string? Website, string? ContactEmail,
    string Status, string? Tier, DateTime AppliedAt, DateTime? AdmittedAt, long Version)
{
    public MemberView For(Actor actor) => actor.MaySeePrivateDataOf(MemberId) ? this : this with { ContactEmail = null };
}

/// <summary>How GET /members and GET /members/{id} read the member directory: its columns as a row, and the views with their e-mails opened.</summary>
public static class MemberDirectoryQuery
{
    /// <summary>The row as Dapper reads it: the former names arrive as a JSON array (Dapper cannot bind text[] to a record parameter).</summary>
    internal sealed record MemberRow(
        Guid MemberId, string Name, string? NameZh, string FormerNames, string Kind, string Country, string? Website, string? ContactEmail,
        string Status, string? Tier, DateTime AppliedAt, DateTime? AdmittedAt, long Version)
    {
        public MemberView View => new(MemberId, Name, NameZh, System.Text.Json.JsonSerializer.Deserialize<string[]>(FormerNames) ?? [], Kind, Country, Website,
            ContactEmail, Status, Tier, AppliedAt, AdmittedAt, Version);
    }

    internal const string Columns = """
        member_id as MemberId, name, name_zh as NameZh, array_to_json(former_names)::text as FormerNames, kind, country, website, contact_email as ContactEmail,
        status, tier, applied_at as AppliedAt, admitted_at as AdmittedAt, version
        """;

    /// <summary>The views with their contact e-mails opened (they are stored sealed; an erased one reads "[erased]").</summary>
    internal static async Task<List<MemberView>> Opened(PersonalData personal, IEnumerable<MemberView> views, CancellationToken ct)
    {
        var list = views.ToList();
        var opener = await personal.For(list.Select(v => v.ContactEmail), ct);
        return list.Select(v => v.ContactEmail is null ? v : v with { ContactEmail = opener.Open(v.ContactEmail) }).ToList();
    }
}
