using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Npgsql;

namespace Alliance.Hosting;

/// <summary>
/// A service's reactions to its own events, without the broker (a decision that moves one of its own streams): the async
/// daemon hands each page of new events to this subscription on the one instance that runs it (HotCold), and each
/// reaction commits in the turn of the stream it writes (the advisory lock of StreamCommands.Run) before Marten commits
/// the checkpoint. A crash between the two replays the page, and a subscription new to a store starts at its first
/// event, so a reaction must change nothing when what it reacts to was already answered.
/// </summary>
public abstract class EventReactions : SubscriptionBase
{
    private readonly NpgsqlDataSource db;

    /// <param name="name">Named once and for ever: the name keys the checkpoint row in mt_event_progression.</param>
    protected EventReactions(string name, NpgsqlDataSource db)
    {
        this.db = db;
        Name = name;
        Options.BatchSize = 100;
    }

    /// <summary>The stream whose turn an event's reaction takes (null: no reaction to this event).</summary>
    protected abstract Guid? TurnOf(IEvent stored);

    /// <summary>The reaction, in the turn TurnOf named: reads and appends on the session, which the caller saves and commits.</summary>
    protected abstract Task React(IEvent stored, Guid turn, IDocumentSession session, CancellationToken ct);

    /// <summary>Who acts in the events a reaction appends (their actor), e.g. "governance/decision/{id}".</summary>
    protected abstract string Actor(IEvent stored);

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken ct)
    {
        foreach (var stored in page.Events)
        {
            if (TurnOf(stored) is not { } turn) continue;
            await StreamCommands.InTurn(operations.DocumentStore, db, turn, session =>
            {
                // The reaction continues the story of the event it answers: same correlation, that event as its cause.
                session.CorrelationId = stored.CorrelationId;
                session.CausationId = stored.Id.ToString();
                session.LastModifiedBy = Actor(stored);
            }, async session => { await React(stored, turn, session, ct); return true; }, ct);
            // The window a replay covers: the reaction committed, the checkpoint not yet.
            FaultHooks.Hit(FaultHooks.ReactionAfterCommit);
        }
        return NullChangeListener.Instance;
    }
}
