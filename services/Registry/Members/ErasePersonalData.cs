using Alliance.Hosting;
using Marten;

namespace Alliance.Registry.Members;

/// <summary>
/// POST /members/{id}/erasure (secretariat, after verifying the request): crypto-shredding. The contact e-mail is
/// stored sealed under the member's own key (PersonalData); erasure deletes that key, so every event, the directory
/// and the history read "[erased]" without any event being rewritten. Only a legacy e-mail, stored in clear before
/// sealing existed, is still masked in place in the stored events (Marten's masking rules; old row versions, WAL and
/// backups keep such a value). The erasure is itself an event naming the fields, not their values; names of
/// organisations, decisions and certifications stay intact.
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
        members.MapPost("/{id:guid}/erasure", async (Guid id, Request body, IDocumentSession session, IDocumentStore store, PersonalData personal,
            TimeProvider clock, HttpContext http) =>
        {
            var (stream, member) = await session.FetchForWriting<Member>(id, http.Request, "Member");
            if (Decide(member, body, clock.GetUtcNow()) is { } erased) await session.Append(stream, http, erased);
            // After the event: a retry (the key deleted, the masking not yet run) does the rest again.
            await personal.Erase(id, http.RequestAborted);
            await store.Advanced.ApplyEventDataMasking(m => m.IncludeStream(id), http.RequestAborted);
            return TypedResults.Ok(new MemberErasure(id, PersonalFields));
        })
        .RequireAuthorization(Policies.Secretariat)
        .WithSummary("Erase the member's personal data (secretariat)");

    /// <summary>The masking rules Marten applies to stored events on erasure: legacy clear-text values only.</summary>
    public static void Configure(StoreOptions opts) =>
        opts.Events.AddMaskingRuleForProtectedInformation<MemberApplied>(e => PersonalData.IsSealed(e.ContactEmail) ? e : e with { ContactEmail = Member.Erased });
}
