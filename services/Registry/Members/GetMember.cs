using Alliance.Hosting;
using Dapper;
using Npgsql;

namespace Alliance.Registry.Members;

/// <summary>GET /members/{id}: one row of the member directory; ETag = the stream version.</summary>
public static class GetMember
{
    /// <summary>ContactEmail is personal data: only the secretariat and the member itself see it.</summary>
    /// <summary>The row as Dapper reads it: the former names arrive as a JSON array (Dapper cannot bind text[] to a record parameter).</summary>
    internal sealed record MemberRow(
        Guid MemberId, string Name, string? NameZh, string FormerNames, string Kind, string Country, string? Website, string? ContactEmail,
        string Status, string? Tier, DateTime AppliedAt, DateTime? AdmittedAt, long Version)
    {
        public MemberView View => new(MemberId, Name, NameZh, System.Text.Json.JsonSerializer.Deserialize<string[]>(FormerNames) ?? [], Kind, Country, Website,
            ContactEmail, Status, Tier, AppliedAt, AdmittedAt, Version);
    }

    public sealed record MemberView(
        Guid MemberId, string Name, string? NameZh, string[] FormerNames, string Kind, string Country, string? Website, string? ContactEmail,
        string Status, string? Tier, DateTime AppliedAt, DateTime? AdmittedAt, long Version)
    {
        public MemberView For(Actor actor) => actor.MaySeePrivateDataOf(MemberId) ? this : this with { ContactEmail = null };
    }

    /// <summary>The views with their contact e-mails opened (they are stored sealed; an erased one reads "[erased]").</summary>
    internal static async Task<List<MemberView>> Opened(PersonalData personal, IEnumerable<MemberView> views, CancellationToken ct)
    {
        var list = views.ToList();
        var opener = await personal.For(list.Select(v => v.ContactEmail), ct);
        return list.Select(v => v.ContactEmail is null ? v : v with { ContactEmail = opener.Open(v.ContactEmail) }).ToList();
    }

    internal const string Columns = """
        member_id as MemberId, name, name_zh as NameZh, array_to_json(former_names)::text as FormerNames, kind, country, website, contact_email as ContactEmail,
        status, tier, applied_at as AppliedAt, admitted_at as AdmittedAt, version
        """;

    public static void Map(RouteGroupBuilder members) =>
        members.MapGet("/{id:guid}", async (Guid id, NpgsqlDataSource db, PersonalData personal, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var member = (await connection.QuerySingleOrDefaultAsync<MemberRow>(
                $"select {Columns} from member_directory where member_id = @id", new { id }))?.View
                ?? throw new NotFound($"Member {id}");
            StreamHttp.SetETag(http, member.Version);
            return TypedResults.Ok((await Opened(personal, [member.For(Actor.Of(http.User))], http.RequestAborted))[0]);
        })
        .WithSummary("One member")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
