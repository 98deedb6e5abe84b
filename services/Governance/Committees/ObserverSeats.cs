using Alliance.Contracts.Registry;
using Alliance.Hosting;
using Dapper;
using Marten;
using MassTransit;
using Npgsql;

namespace Alliance.Governance.Committees;

/// <summary>
/// MemberTierChanged to observer: every voting seat of the member becomes an observer seat, in the same
/// transaction as the electorate's row and the processed-message record, so the next ballot of any of its
/// committees no longer counts it. Open ballots are untouched: their electorate was frozen when they opened.
/// </summary>
public static class ObserverSeats
{
    public static async Task Follow(IDocumentStore store, NpgsqlConnection db, NpgsqlTransaction tx, ConsumeContext<MemberTierChanged> context)
    {
        var m = context.Message;
        if (m.Tier != "observer") return;
        var committees = (await db.QueryAsync<Guid>(
            "select committee_id from committee_seats where member_id = @MemberId and role = 'voting' order by committee_id", m, tx)).ToList();
        if (committees.Count == 0) return;
        await using var session = ProcessedMessages.Session(store, tx, context, "service/registry");
        foreach (var id in committees)
        {
            var stream = await session.Events.FetchForWriting<Committee>(id, context.CancellationToken);
            if (stream.Aggregate is { } committee && CommitteeDecisions.ObserverSeat(committee, m.MemberId, m.Tier, m.ChangedAt) is { } seat)
                stream.AppendOne(seat);
        }
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
