using System.Reflection;
using Xunit;

namespace Alliance.Architecture.Tests;

/// <summary>
/// A stored event's name is what the event store keeps forever: renaming one orphans every event already written
/// under it. Each stream declares its names in one EventCatalog beside its events; these rules read every catalog
/// of every service's build output and hold them to stored-event-names.txt, which only grows.
/// </summary>
public sealed class StoredEventNameRules
{
    private static readonly string NamesFile = Path.Combine(Assemblies.RepoRoot, "tests", "Architecture.Tests", "stored-event-names.txt");

    public static TheoryData<string> Services => new(Assemblies.Services);

    [Fact]
    public void Every_stored_name_ever_recorded_is_still_declared_under_the_same_name()
    {
        var declared = Assemblies.Services.SelectMany(Declared).ToHashSet();
        var missing = Recorded().Where(r => !declared.Contains(r)).ToList();
        Assert.True(missing.Count == 0,
            "stored event names changed or gone (events already written under them would no longer read): " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_declared_name_is_recorded_so_a_new_event_is_added_on_purpose()
    {
        var recorded = Recorded().ToHashSet();
        var unrecorded = Assemblies.Services.SelectMany(Declared).Where(d => !recorded.Contains(d)).ToList();
        Assert.True(unrecorded.Count == 0, $"add these lines to {Path.GetFileName(NamesFile)}: " + string.Join(", ", unrecorded));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void No_two_events_of_a_service_share_a_stored_name(string service)
    {
        var twice = Declared(service).GroupBy(d => d.Split(' ')[2]).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"{service} stores two event types under one name: {string.Join(", ", twice)}");
    }

    private static IEnumerable<string> Recorded() =>
        File.ReadAllLines(NamesFile).Where(l => l.Trim().Length > 0 && !l.StartsWith('#'));

    /// <summary>"Service Type stored_name" for each entry of each catalog (a static EventCatalog field) in the service.</summary>
    private static IEnumerable<string> Declared(string service)
    {
        foreach (var type in Assemblies.Load(service).GetTypes())
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType.Name == "EventCatalog"))
            {
                var events = (System.Collections.IEnumerable)field.FieldType.GetProperty("Events")!.GetValue(field.GetValue(null))!;
                foreach (var entry in events)
                {
                    var tuple = (System.Runtime.CompilerServices.ITuple)entry;
                    yield return $"{service} {((Type)tuple[0]!).Name} {tuple[1]}";
                }
            }
    }
}
