namespace Alliance.Portal.Api;

/// <summary>
/// The transparency log, asked where events sit (GET /log/leaves), so a page can say "in the public log at index N" and
/// link the receipt. The log is a witness, not a source: when it is not configured or does not answer, pages show
/// no log line rather than an error.
/// </summary>
public sealed class TransparencyApi(HttpClient http, ILogger<TransparencyApi> log) : ServiceApi(http)
{
    private readonly HttpClient client = http;

    public sealed record LeafPlace(Guid EventId, long LeafIdx, bool Signed);

    private sealed record LeafPlaces(long CheckpointSize, List<LeafPlace> Leaves);

    /// <summary>Where each event is (up to 100 a call, more in batches); Known false when the log could not be asked.</summary>
    public async Task<LogPlaces> Places(IEnumerable<Guid?> eventIds, CancellationToken ct)
    {
        var ids = eventIds.OfType<Guid>().Distinct().ToList();
        if (ids.Count == 0) return LogPlaces.Empty;
        if (client.BaseAddress is null) return LogPlaces.Unknown;
        try
        {
            var found = new Dictionary<Guid, LeafPlace>();
            foreach (var batch in ids.Chunk(100))
                foreach (var place in (await Get<LeafPlaces>($"/log/leaves?eventIds={string.Join(',', batch)}", ct)).Leaves)
                    found[place.EventId] = place;
            return new LogPlaces(true, found);
        }
        catch (Exception e) when (e is HttpRequestException or ApiProblem or System.Text.Json.JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            log.LogWarning("The transparency log did not say where {Count} events are: {Reason}", ids.Count, e.Message);
            return LogPlaces.Unknown;
        }
    }
}

/// <summary>Known: the log answered (an event it lacks is not yet recorded); otherwise nothing is said about any event.</summary>
public sealed record LogPlaces(bool Known, IReadOnlyDictionary<Guid, TransparencyApi.LeafPlace> Leaves)
{
    public static readonly LogPlaces Unknown = new(false, new Dictionary<Guid, TransparencyApi.LeafPlace>());
    public static readonly LogPlaces Empty = new(true, new Dictionary<Guid, TransparencyApi.LeafPlace>());

    public TransparencyApi.LeafPlace? Of(Guid? eventId) => eventId is { } id && Leaves.TryGetValue(id, out var place) ? place : null;
}
