namespace Alliance.Hosting;

/// <summary>
/// A stored event. OccurredAt is its business time (the event's own "…At"), implemented explicitly so it
/// is not serialized twice; the recording time is Marten's timestamp.
/// </summary>
public interface IDomainEvent
{
    DateTimeOffset OccurredAt { get; }
}
