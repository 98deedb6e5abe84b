using Alliance.Hosting;
using Marten;

namespace Alliance.Registry.Members;

/// <summary>
/// POST /members/{id}/erasure (secretariat, after verifying the request): the contact e-mail is masked in
/// the stored events (Marten's masking rules) and in the directory. The erasure is itself an event naming
/// the fields, not their values; names of organisations, decisions and certifications stay intact.
/// </summary>
public static class ErasePersonalData
{
    public sealed record Request(string? Reason);

    public static readonly string[] PersonalFields = ["contactEmail"];

    public static MemberPersonalDataErased? Decide(Member member, Request request, DateTimeOffset now)
    {
        var v = new Validation();
        v.Required("reason", request.Reason, 1000);
        v.ThrowIfInvalid();
        // Erasing twice is harmless: the masking runs again, but nothing new is recorded.
        return member.PersonalDataErased ? null : new MemberPersonalDataErased(member.Id, PersonalFields, request.Reason!.Trim(), now);
    }

    public static void Map(RouteGroupBuilder members) =>
        members.MapPost("/{id:guid}/erasure", async (Guid id, Request body, IDocumentSession session, IDocumentStore store, TimeProvider clock, HttpContext http) =>
        {
            var (stream, member) = await session.FetchForWriting<Member>(id, http.Request, "Member");
            if (Decide(member, body, clock.GetUtcNow()) is { } erased) await session.Append(stream, http, erased);
            await store.Advanced.ApplyEventDataMasking(m => m.IncludeStream(id), http.RequestAborted);
            return TypedResults.Ok(new { memberId = id, erasedFields = PersonalFields });
        })
        .RequireAuthorization(Policies.Secretariat)
        .WithSummary("Erase the member's personal data (secretariat)");

    /// <summary>The masking rules Marten applies to stored events on erasure.</summary>
    public static void Configure(StoreOptions opts) =>
        opts.Events.AddMaskingRuleForProtectedInformation<MemberApplied>(e => e with { ContactEmail = Member.Erased });
}
