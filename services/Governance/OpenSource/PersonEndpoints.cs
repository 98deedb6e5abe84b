using Alliance.Hosting;
using Marten;
using Npgsql;

namespace Alliance.Governance.OpenSource;

/// <summary>
/// POST /people/{handle}/erasure (secretariat, after verifying the request): crypto-shredding of a maintainer's or
/// individual CLA signatory's name. The person's key is deleted, so every project, agreement, history and export
/// reads "[erased]" with no event rewritten. Names stored in clear before sealing existed (legacy) are the exception:
/// they are rewritten in place in the stored events and read models (LegacyClearText).
/// </summary>
public static class PersonEndpoints
{
    public static void MapPersonErasure(this WebApplication app) =>
        app.MapPost("/people/{handle}/erasure", async (string handle, PersonDecisions.PersonErasureRequest body, IDocumentSession session, PersonalData personal,
            NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var erased = PersonDecisions.Erase(handle, body, clock.GetUtcNow());
            var handleKey = handle.Trim().TrimStart('@');
            // Nobody to erase (an unknown handle, or one erased already): nothing is recorded for a person the platform never held.
            if (!await personal.Holds(erased.PersonId, http.RequestAborted) && !await LegacyClearText.HoldsPerson(db, handleKey, http.RequestAborted))
                throw new NotFound($"Personal data of handle '{handle[..Math.Min(100, handle.Length)]}'");
            session.Events.Append(erased.PersonId, erased);
            await session.SaveChangesAsync(http.RequestAborted);
            await personal.Erase(erased.PersonId, http.RequestAborted);
            var legacy = await LegacyClearText.ErasePerson(db, handleKey, http.RequestAborted);
            return TypedResults.Ok(new PersonErasure(erased.PersonId, PersonDecisions.PersonalFields, legacy));
        })
        .RequireAuthorization(Policies.Secretariat)
        .WithTags("Open source")
        .WithSummary("Erase a maintainer's or individual CLA signatory's personal data (secretariat)");
}
