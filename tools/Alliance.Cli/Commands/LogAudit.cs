using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Log;
using Alliance.Transparency;

namespace Alliance.Cli.Commands;

/// <summary>
/// `alliance log audit`: reads every leaf of the log and every event of each named service (GET /events), recomputes each
/// event's leaf and reports, one line each: "altered" (an event whose content differs from its leaf), "missing" (an event
/// the log does not have), "extra" (a leaf whose event the service no longer has) and "gap" (a stream whose versions skip).
/// With --key it also checks that the leaves hash to the log's signed checkpoint. Exit 0 only when nothing was found.
/// </summary>
public sealed class LogAudit
{
    private sealed record EntryView(ulong Index, Guid EventId, byte[] Leaf);
    private sealed record EntriesPage(ulong TreeSize, List<EntryView> Entries);
    private sealed record AuditEvent(long Sequence, Guid Id, string StreamId, long Version, string Type, string Timestamp, string DataSha256, JsonElement? Data);
    private sealed record AuditPage(string Service, List<AuditEvent> Events, long? NextAfter);

    public Command Build()
    {
        var gateway = new Option<string>("--url")
        {
            Description = "the gateway's address (e.g. http://127.0.0.1:8080): the log at /api/log and every service's events at /api/audit/{service}/events",
        };
        var logUrl = new Option<string>("--log") { Description = "the Transparency service's address (e.g. http://127.0.0.1:8080/api); not with --url" };
        var services = new Option<string[]>("--service")
        {
            Description = "a service to audit, as URL of its API (it serves GET /events); repeat for each; not with --url",
            AllowMultipleArgumentsPerToken = true,
        };
        var key = new Option<string>("--key") { Description = "the log's verifier key: also check the leaves against its signed checkpoint" };
        var command = new Command("audit", "recompute every leaf of the log from the services' events and report what differs")
        { Options = { gateway, logUrl, services, key } };
        command.SetAction(async (parse, ct) =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            var (log, urls) = (parse.GetValue(logUrl), parse.GetValue(services));
            if (parse.GetValue(gateway) is { } url)
            {
                if (log is not null || urls is { Length: > 0 })
                {
                    Console.Error.WriteLine("audit: give either --url, or --log with --service");
                    return 2;
                }
                url = url.TrimEnd('/');
                log = $"{url}/api";
                // The gateway lists the services whose events it serves: all of them are audited, none forgotten.
                var listed = (await http.GetFromJsonAsync<List<AuditRoute>>($"{url}/api/audit", ProofJson.Options, ct))!;
                urls = [.. listed.Select(r => url + r.Events[..^"/events".Length])];
            }
            if (log is null || urls is not { Length: > 0 })
            {
                Console.Error.WriteLine("audit: give --url (the gateway), or --log and at least one --service");
                return 2;
            }
            var findings = await Run(http, log.TrimEnd('/'), urls, parse.GetValue(key), ct);
            foreach (var finding in findings) Console.WriteLine(finding);
            Console.WriteLine(findings.Count == 0 ? "audit: ok" : $"audit: {findings.Count} finding(s)");
            return findings.Count == 0 ? 0 : 1;
        });
        return command;
    }

    private sealed record AuditRoute(string Service, string Events);

    public static async Task<List<string>> Run(HttpClient http, string log, string[] services, string? key, CancellationToken ct)
    {
        var findings = new List<string>();
        var tree = new MemoryTree();
        var leaves = new Dictionary<Guid, (ulong Index, byte[] Leaf)>();
        for (ulong start = 0; ;)
        {
            var page = (await http.GetFromJsonAsync<EntriesPage>($"{log}/log/entries?start={start}&end={start + 1000}", ProofJson.Options, ct))!;
            foreach (var e in page.Entries)
            {
                tree.AppendLeaf(e.Leaf);
                leaves[e.EventId] = (e.Index, e.Leaf);
            }
            start += (ulong)page.Entries.Count;
            if (page.Entries.Count == 0 || start >= page.TreeSize) break;
        }
        if (key is not null)
        {
            var note = await http.GetStringAsync($"{log}/log/checkpoint", ct);
            var (checkpoint, error) = Checkpoint.OpenSigned(note, NoteVerifier.Parse(File.Exists(key) ? File.ReadAllText(key) : key));
            if (checkpoint is null) findings.Add($"checkpoint: invalid ({error})");
            else if (checkpoint.Size > tree.Size) findings.Add($"checkpoint: signs {checkpoint.Size} leaves, the log served {tree.Size}");
            else if (!tree.Root(checkpoint.Size).AsSpan().SequenceEqual(checkpoint.Root)) findings.Add($"checkpoint: the leaves do not hash to the signed root of size {checkpoint.Size}");
        }
        var byService = leaves.Values.Select(l => (l.Index, l.Leaf, Envelope: LogLeaf.Parse(l.Leaf))).GroupBy(l => l.Envelope.Service).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var url in services.Select(s => s.TrimEnd('/')))
        {
            var seen = new HashSet<Guid>();
            var versions = new Dictionary<string, List<long>>();
            string? name = null;
            for (long after = 0; ;)
            {
                var page = (await http.GetFromJsonAsync<AuditPage>($"{url}/events?after={after}&limit=1000", ProofJson.Options, ct))!;
                name = page.Service;
                foreach (var e in page.Events)
                {
                    seen.Add(e.Id);
                    (versions.TryGetValue(e.StreamId, out var list) ? list : versions[e.StreamId] = []).Add(e.Version);
                    var hash = e.Data is { } data ? LogLeaf.DataHash(data.GetRawText()) : e.DataSha256;
                    var recomputed = LogLeaf.Bytes(new EventRecorded(page.Service, e.StreamId, e.Version, e.Id, e.Type,
                        DateTimeOffset.Parse(e.Timestamp, System.Globalization.CultureInfo.InvariantCulture), hash));
                    var where = $"{page.Service} stream {e.StreamId} version {e.Version} event {e.Id} ({e.Type})";
                    if (!leaves.TryGetValue(e.Id, out var leaf)) findings.Add($"missing: {where} is not in the log");
                    else if (!leaf.Leaf.AsSpan().SequenceEqual(recomputed))
                        findings.Add($"altered: {where} differs from leaf {leaf.Index} in {Differences(LogLeaf.Parse(leaf.Leaf), LogLeaf.Parse(recomputed))}");
                }
                if (page.NextAfter is not { } next) break;
                after = next;
            }
            foreach (var (stream, list) in versions)
            {
                var sorted = list.Order().ToList();
                for (var i = 0; i < sorted.Count; i++)
                {
                    var expected = i == 0 ? 1 : sorted[i - 1] + 1;
                    if (sorted[i] > expected) findings.Add($"gap: {name} stream {stream} has no version {expected}{(sorted[i] - 1 > expected ? $"..{sorted[i] - 1}" : "")}");
                }
            }
            foreach (var (index, _, envelope) in byService.GetValueOrDefault(name ?? "", []).Where(l => !seen.Contains(l.Envelope.EventId)))
                findings.Add($"extra: leaf {index} records {envelope.Service} stream {envelope.StreamId} version {envelope.StreamVersion} event {envelope.EventId} ({envelope.EventType}), which {envelope.Service} no longer has");
        }
        return findings;
    }

    private static string Differences(EventRecorded logged, EventRecorded now)
    {
        var fields = new List<string>();
        if (logged.DataSha256 != now.DataSha256) fields.Add("data");
        if (logged.EventType != now.EventType) fields.Add("type");
        if (logged.StreamId != now.StreamId) fields.Add("stream");
        if (logged.StreamVersion != now.StreamVersion) fields.Add("version");
        if (LogLeaf.Timestamp(logged.Timestamp) != LogLeaf.Timestamp(now.Timestamp)) fields.Add("timestamp");
        return fields.Count == 0 ? "its bytes" : string.Join(", ", fields);
    }
}
