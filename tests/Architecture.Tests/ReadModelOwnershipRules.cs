using System.Text.RegularExpressions;
using Xunit;

namespace Alliance.Architecture.Tests;

/// <summary>
/// Projections and consumers own the read-model tables: a command endpoint appends events and never writes a
/// table itself (the house style of DESIGN; query files keep their SQL). Read as source, since SQL is text.
/// </summary>
public sealed partial class ReadModelOwnershipRules
{
    public static TheoryData<string> Services => new(Assemblies.Services);

    [Theory]
    [MemberData(nameof(Services))]
    public void No_endpoint_file_writes_a_read_model_table(string service)
    {
        // Notifications keeps its webhooks, secrets and delivery queue as operational tables written by its
        // endpoints, not as events (recorded as a deviation in issue 26's note: subscriptions should become a stream).
        if (service == "Notifications") return;
        var offenders = Assemblies.Sources(service)
            .Where(f => Path.GetFileName(f).EndsWith("Endpoints.cs", StringComparison.Ordinal))
            .Where(f => SqlWrite().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(Assemblies.RepoRoot, f)).ToList();
        Assert.True(offenders.Count == 0, "endpoint files writing tables: " + string.Join(", ", offenders));
    }

    [GeneratedRegex(@"""[^""]*\b(insert\s+into|delete\s+from|update\s+[a-z_]+\s+set|truncate)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SqlWrite();
}
