using Alliance.Contracts.Governance;
using Alliance.Hosting;
using Dapper;
using MassTransit;
using Npgsql;

namespace Alliance.Compatibility.Standards;

/// <summary>
/// The chairs of Governance's committees, from its CommitteeChairChanged messages (Compatibility never reads
/// Governance's database): the chair of a standard's committee may ask for the ratification of its versions.
/// </summary>
public sealed class CommitteeChairs(ProcessedMessages processed) : IConsumer<CommitteeChairChanged>
{
    public static readonly ReadModelSchema Schema = new("committee_chairs", """
        create table if not exists committee_chairs (
            committee_id uuid primary key,
            chair_member_id uuid,
            changed_at timestamptz not null);
        """);

    // An older change arriving late never overwrites a newer one.
    public Task Consume(ConsumeContext<CommitteeChairChanged> context) =>
        processed.Once(context, "committee-chairs", (db, tx) => db.ExecuteAsync("""
            insert into committee_chairs (committee_id, chair_member_id, changed_at) values (@CommitteeId, @ChairMemberId, @ChangedAt)
            on conflict (committee_id) do update set chair_member_id = excluded.chair_member_id, changed_at = excluded.changed_at
            where committee_chairs.changed_at <= excluded.changed_at
            """, context.Message, tx));

    /// <summary>The secretariat, or a representative of the member chairing the standard's committee; anyone else gets 403.</summary>
    public static async Task MayAskForRatification(NpgsqlDataSource db, Guid standardId, Actor actor, CancellationToken ct)
    {
        if (actor.IsSecretariat) return;
        await using var connection = await db.OpenConnectionAsync(ct);
        var chair = await connection.ExecuteScalarAsync<Guid?>("""
            select c.chair_member_id from standards s join committee_chairs c on c.committee_id = s.committee_id where s.standard_id = @standardId
            """, new { standardId });
        if (chair is null || actor.MemberId != chair)
            throw new Forbidden("Only the secretariat or the chair of the standard's committee asks for a ratification ballot.");
    }
}
