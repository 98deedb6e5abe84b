using System.Text.Json.Nodes;
using Alliance.Hosting;
using Npgsql;

namespace Alliance.Governance.OpenSource;

/// <summary>
/// Names stored in clear before sealing existed (legacy): whether a person still has one, and their rewrite in place to
/// "[erased]" in the stored events and the read models on an erasure (old row versions, WAL and backups keep those).
/// Sealed names need none of this: deleting the key erases them (PersonalData).
/// </summary>
public static class LegacyClearText
{
    /// <summary>Whether a maintainer or an individual CLA signatory of this handle still has a clear-text name.</summary>
    public static async Task<bool> HoldsPerson(NpgsqlDataSource db, string handle, CancellationToken ct)
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
    public static async Task<int> ErasePerson(NpgsqlDataSource db, string handle, CancellationToken ct)
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

    /// <summary>A corporate CLA's clear-text signatory rewritten in its signing event (the projection overwrites it in the read model).</summary>
    public static async Task EraseSignatory(NpgsqlDataSource db, Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand("select seq_id, data::text from mt_events where stream_id = $1 and type = 'corporate_cla_signed'");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        long? seq = null;
        JsonObject? data = null;
        await using (var row = await select.ExecuteReaderAsync(ct))
            if (await row.ReadAsync(ct)) (seq, data) = (row.GetInt64(0), JsonNode.Parse(row.GetString(1))!.AsObject());
        var property = data?.FirstOrDefault(p => p.Key.Equals("signatory", StringComparison.OrdinalIgnoreCase));
        if (seq is null || property?.Value is not JsonValue value || !value.TryGetValue<string>(out var name) || PersonalData.IsSealed(name) || name == PersonalData.Erased) return;
        data![property.Value.Key] = PersonalData.Erased;
        await using var update = db.CreateCommand("update mt_events set data = $2::jsonb where seq_id = $1");
        update.Parameters.Add(new NpgsqlParameter { Value = seq.Value });
        update.Parameters.Add(new NpgsqlParameter { Value = data.ToJsonString() });
        await update.ExecuteNonQueryAsync(ct);
    }
}
