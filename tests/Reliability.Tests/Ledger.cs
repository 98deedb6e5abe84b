using Alliance.Testing;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Alliance.Reliability.Tests;

/// <summary>
/// What the store holds against what the clients were told: every command answered as applied is in the
/// event store exactly once, no command (answered or not) is there twice.
/// </summary>
public static class Ledger
{
    private sealed record Source(string Service, string EventType, string Field);

    private static readonly Dictionary<string, Source> Sources = new()
    {
        ["apply"] = new("registry", "member_applied", "Name"),
        ["project"] = new("registry", "project_proposed", "Title"),
        ["vote"] = new("governance", "vote_cast", "Reason"),
        ["certify"] = new("compatibility", "certification_submitted", "ProductVersion"),
    };

    public sealed record Report(long Sent, long Accepted, long InStore, IReadOnlyList<string> Problems);

    public static async Task<Report> Check(ChaosPlatform platform, Load load, string run)
    {
        var problems = new List<string>();
        long inStore = 0;
        foreach (var (kind, source) in Sources)
        {
            var counts = await Counts(platform, source.Service, $"""
                select data->>'{source.Field}', count(*) from mt_events where type = '{source.EventType}' and data->>'{source.Field}' like @prefix group by 1
                """, $"Chaos {run} %");
            inStore += counts.Values.Sum();
            foreach (var (marker, count) in counts.Where(c => c.Value > 1)) problems.Add($"{kind} {marker}: {count} times in the store");
            foreach (var o in load.Accepted(kind).Where(o => !counts.ContainsKey(o.Marker))) problems.Add($"{kind} {o.Marker}: answered {o.Status} but not in the store");
        }
        var admitted = load.Accepted("admit").Select(o => Guid.Parse(o.Marker)).ToArray();
        var admissions = await Counts(platform, "registry", "select stream_id::text, count(*) from mt_events where type = 'member_admitted' and stream_id = any(@ids) group by 1", admitted);
        inStore += admissions.Values.Sum();
        foreach (var (member, count) in admissions.Where(c => c.Value > 1)) problems.Add($"admit {member}: {count} admissions");
        foreach (var member in admitted.Where(m => !admissions.ContainsKey(m.ToString()))) problems.Add($"admit {member}: answered but not admitted");
        return new Report(load.Outcomes.Count, load.Outcomes.Count(o => o.Applied), inStore, problems);
    }

    private static async Task<Dictionary<string, long>> Counts(ChaosPlatform platform, string service, string sql, object parameter)
    {
        await using var db = await platform.Open(service);
        await using var cmd = new NpgsqlCommand(sql, db);
        cmd.Parameters.Add(new NpgsqlParameter(parameter is string ? "prefix" : "ids", parameter));
        var result = new Dictionary<string, long>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result[reader.GetString(0)] = reader.GetInt64(1);
        return result;
    }

    /// <summary>
    /// The end of every load scenario: waits until every admission reached both consumers, checks the store
    /// against the answers, records the figures, and fails on any loss, double or 5xx.
    /// </summary>
    public static async Task<Report> Settle(ChaosPlatform platform, Load load, string run, ITestOutputHelper output, string scenario, string note)
    {
        var converged = await Eventually.True(() => Delivered(platform, load), "every admission reached both consumers", TimeSpan.FromSeconds(120));
        var report = await Check(platform, load, run);
        var serverErrors = load.Outcomes.Sum(o => o.ServerErrors);
        output.WriteLine(string.Join("\n", report.Problems));
        output.WriteLine(load.Refusals());
        Figures.Record(scenario, report.Sent, report.Accepted, report.InStore, $"admissions {load.Accepted("admit").Count()} → electorate and vendors once each",
            serverErrors, converged, note);
        Assert.Empty(report.Problems);
        Assert.Equal(0, serverErrors);
        return report;
    }

    /// <summary>Every member admitted by the load has reached the consumers of MemberAdmitted in both other services.</summary>
    public static async Task<bool> Delivered(ChaosPlatform platform, Load load)
    {
        var ids = load.Accepted("admit").Select(o => Guid.Parse(o.Marker)).ToArray();
        var electorate = await platform.Count("governance", "select count(*) from electorate where member_id = any($1)", ids);
        var vendors = await platform.Count("compatibility", "select count(*) from vendors where member_id = any($1)", ids);
        return electorate == ids.Length && vendors == ids.Length;
    }
}
