using System.Text.Json.Nodes;
using Alliance.Hosting;
using Npgsql;

namespace Alliance.Governance.OpenSource.Agreements;

/// <summary>
/// POST /contributor-agreements/{id}/signatory-erasure (secretariat, after verifying the request): the corporate
/// signatory's name is sealed under the agreement's key, which is deleted, so every read and the history show
/// "[erased]" without the event being rewritten; a legacy clear-text name is rewritten in place (the event and the
/// read model). Allowed on a terminated agreement too: erasure does not depend on the agreement being in force.
/// </summary>
public static class EraseSignatory
{
    public sealed record Request(string? Reason);

    public static CorporateClaSignatoryErased Decide(ContributorAgreement a, Request r, Actor actor, DateTimeOffset now)
    {
        if (!actor.IsSecretariat) throw new Forbidden("The secretariat erases personal data.");
        if (a.Kind != ContributorAgreement.Corporate) throw new DomainRuleViolated("not-corporate", "Only a corporate CLA has a signatory; an individual signatory is erased by POST /people/{handle}/erasure.");
        var v = new Validation();
        v.Required("reason", r.Reason, 1000);
        v.ThrowIfInvalid();
        return new CorporateClaSignatoryErased(a.Id, r.Reason!.Trim(), now);
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/signatory-erasure", async (Guid id, Request body, PersonalData personal, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            await StreamCommands.Run<ContributorAgreement>(http, id, "Contributor agreement", a => [Decide(a, body, Actor.Of(http.User), clock.GetUtcNow())]);
            await personal.Erase(id, http.RequestAborted);
            await EraseLegacyClearText(db, id, http.RequestAborted);
            return TypedResults.Ok(new SignatoryErasure(id, ["signatory"]));
        })
        .RequireAuthorization(Policies.Secretariat)
        .WithSummary("Erase a corporate CLA signatory's name (secretariat)");

    private static async Task EraseLegacyClearText(NpgsqlDataSource db, Guid id, CancellationToken ct)
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
