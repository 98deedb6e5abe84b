using System.Collections.Concurrent;
using Marten;

namespace Alliance.Hosting;

/// <summary>
/// A stream's events as they are stored: each type under an explicit snake_case name (so a class can be renamed without
/// touching stored events; a stored name never changes) and the business time it carries (its own "…At"), read the
/// same way for every event. The recording time is Marten's timestamp. Declared beside the events, in the stream's file.
/// </summary>
public sealed class EventCatalog
{
    private static readonly ConcurrentDictionary<Type, Func<object, DateTimeOffset>> BusinessTimes = new();
    private readonly List<(Type Type, string StoredName)> _events = [];

    public IReadOnlyList<(Type Type, string StoredName)> Events => _events;

    public EventCatalog Add<T>(string storedName, Func<T, DateTimeOffset> occurredAt) where T : class
    {
        _events.Add((typeof(T), storedName));
        BusinessTimes[typeof(T)] = data => occurredAt((T)data);
        return this;
    }

    /// <summary>The business time of a stored event, or null for a type no catalog declares.</summary>
    public static DateTimeOffset? OccurredAt(object? data) =>
        data is not null && BusinessTimes.TryGetValue(data.GetType(), out var at) ? at(data) : null;
}

public static class EventCatalogRegistration
{
    public static void Register(this StoreOptions opts, EventCatalog catalog)
    {
        foreach (var (type, storedName) in catalog.Events)
            opts.Events.MapEventType(type, storedName);
    }
}
