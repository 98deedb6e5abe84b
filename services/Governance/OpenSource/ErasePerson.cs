using System.Text.Json.Nodes;
using Alliance.Hosting;
using Marten;
using Npgsql;

namespace Alliance.Governance.OpenSource;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class ErasePersonEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<PersonPersonalDataErased>("person_personal_data_erased", e => e.ErasedAt);
}

/// <summary>The person's personal data was erased on a verified request; stream = the person's subject id. Neither the
/// handle nor the erased values are repeated here.</summary>
public sealed record PersonPersonalDataErased(Guid PersonId, string[] Fields, string Reason, DateTimeOffset ErasedAt);

/// <summary>
/// POST /people/{handle}/erasure (secretariat, after verifying the request): crypto-shredding of a maintainer's or
/// individual CLA signatory's name. The person's key is deleted, so every project, agreement, history and export
/// reads "[erased]" with no event rewritten. Names stored in clear before sealing existed (legacy) are the exception:
/// they are rewritten in place in the stored events and read models (old row versions, WAL and backups keep those).
/// </summary>
public static class ErasePerson
{
    public sealed record Request(string? Reason);

    public static readonly string[] PersonalFields = ["maintainerName", "individualClaName"];

    public static PersonPersonalDataErased Decide(string handle, Request request, DateTimeOffset now)
    {
        var v = new Validation();
        v.Required("reason", request.Reason, 1000);
        if (string.IsNullOrWhiteSpace(handle) || handle.Length > 100) v.Add("handle", "A handle of 1 to 100 characters.");
        v.ThrowIfInvalid();
        return new PersonPersonalDataErased(PersonalData.PersonByHandle(handle), PersonalFields, request.Reason!.Trim(), now);
    }

    public static void Map(WebApplication app) =>
        app.MapPost("/people/{handle}/erasure", async (string handle, Request body, IDocumentSession session, PersonalData personal, NpgsqlDataSource db,
            TimeProvider clock, HttpContext http) =>
        {
            var erased = Decide(handle, body, clock.GetUtcNow());
            var handleKey = handle.Trim().TrimStart('@');
            // Nobody to erase (an unknown handle, or one erased already): nothing is recorded for a person the platform never held.
            if (!await personal.Holds(erased.PersonId, http.RequestAborted) && !await HoldsLegacyClearText(db, handleKey, http.RequestAborted))
                throw new NotFound($"Personal data of handle '{handle[..Math.Min(100, handle.Length)]}'");
            session.Events.Append(erased.PersonId, erased);
            await session.SaveChangesAsync(http.RequestAborted);
            await personal.Erase(erased.PersonId, http.RequestAborted);
            var legacy = await EraseLegacyClearText(db, handleKey, http.RequestAborted);
            return TypedResults.Ok(new PersonErasure(erased.PersonId, PersonalFields, legacy));
        })
        .RequireAuthorization(Policies.Secretariat)
        .WithTags("Open source")
        .WithSummary("Erase a maintainer's or individual CLA signatory's personal data (secretariat)");

    private static async Task<bool> HoldsLegacyClearText(NpgsqlDataSource db, string handle, CancellationToken ct)
    {
        await using var find = db.CreateCommand("select 1 from oss_maintainers where handle_key = lower($1) and name not like 'pd1:%' and name <> $2 limit 1");
        find.Parameters.Add(new NpgsqlParameter { Value = handle });
        find.Parameters.Add(new NpgsqlParameter { Value = PersonalData.Erased });
        if (await find.ExecuteScalarAsync(ct) is not null) return true;
        await using var events = db.CreateCommand("""
            select 1 from mt_events where type = 'individual_cla_signed' and strpos(lower(data::text), lower($1)) > 0 and data::text not like '%pd1:%' limit 1
            """);
        events.Parameters.Add(new NpgsqlParameter { Value = handle });
        return await events.ExecuteScalarAsync(ct) is not null;
    }

    // The in-place rewrite, for legacy clear-text names only: any object in an event that names this handle and holds
    // a clear name (a maintainer in a proposal or a join, an individual CLA) gets "[erased]" instead.
    private static async Task<int> EraseLegacyClearText(NpgsqlDataSource db, string handle, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var rows = new List<(long Seq, Guid Stream, string Type, JsonNode Data)>();
        await using (var select = new NpgsqlCommand("""
            select seq_id, stream_id, type, data::text from mt_events
            where type in ('oss_project_proposed', 'maintainer_joined', 'individual_cla_signed') and strpos(lower(data::text), lower($1)) > 0 for update
            """, connection, tx) { Parameters = { new() { Value = handle } } })
        await using (var row = await select.ExecuteReaderAsync(ct))
            while (await row.ReadAsync(ct)) rows.Add((row.GetInt64(0), row.GetGuid(1), row.GetString(2), JsonNode.Parse(row.GetString(3))!));
        var changed = 0;
        foreach (var (seq, stream, type, data) in rows.Where(r => Mask(r.Data, handle)))
        {
            await Execute(connection, tx, "update mt_events set data = $2::jsonb where seq_id = $1", ct, seq, data.ToJsonString());
            if (type == "individual_cla_signed")
                await Execute(connection, tx, "update contributor_agreements set name = $2 where agreement_id = $1 and name not like 'pd1:%'", ct, stream, PersonalData.Erased);
            changed++;
        }
        await Execute(connection, tx, "update oss_maintainers set name = $2 where handle_key = lower($1) and name not like 'pd1:%'", ct, handle, PersonalData.Erased);
        await tx.CommitAsync(ct);
        return changed;
    }

    private static bool Mask(JsonNode? node, string handle)
    {
        var changed = false;
        if (node is JsonArray array) foreach (var item in array) changed |= Mask(item, handle);
        if (node is not JsonObject o) return changed;
        var handleProperty = o.FirstOrDefault(p => p.Key.Equals("handle", StringComparison.OrdinalIgnoreCase));
        var nameProperty = o.FirstOrDefault(p => p.Key.Equals("name", StringComparison.OrdinalIgnoreCase));
        if (handleProperty.Value is JsonValue h && h.TryGetValue<string>(out var value) && value.Equals(handle, StringComparison.OrdinalIgnoreCase)
            && nameProperty.Value is JsonValue n && n.TryGetValue<string>(out var name) && !PersonalData.IsSealed(name) && name != PersonalData.Erased)
        {
            o[nameProperty.Key] = PersonalData.Erased;
            changed = true;
        }
        foreach (var child in o.Select(p => p.Value).ToList()) changed |= Mask(child, handle);
        return changed;
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct, params object[] values)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
