using NetArchTest.Rules;
using Xunit;

namespace Alliance.Architecture.Tests;

/// <summary>
/// One namespace per publisher (DESIGN, ADR 0008): what a service publishes is declared in its own namespace of the
/// contracts, and a service never consumes its own publication: a fact already in its own event store is answered
/// from there (Hosting's EventReactions), not through a broker round trip.
/// </summary>
public sealed class ContractRules
{
    public static TheoryData<string> Services => new(Assemblies.Services);

    private static readonly string[] ContractNamespaces =
        Directory.GetDirectories(Path.Combine(Assemblies.RepoRoot, "shared", "Alliance.Contracts"))
            .Select(Path.GetFileName).OfType<string>().Where(n => n is not ("bin" or "obj")).Select(n => "Alliance.Contracts." + n).ToArray();

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_consumes_no_contract_of_its_own_namespace(string service)
    {
        // Only a type marked obsolete is let through: the reader an upgrade keeps for one release (Governance still
        // reads wave 1's Governance.BallotRequested, which nobody publishes any more).
        var own = "Alliance.Contracts." + service;
        var consumed = Assemblies.Load(service).GetTypes()
            .SelectMany(t => t.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition().FullName == "MassTransit.IConsumer`1")
                .Select(i => (Consumer: t.Name, Message: i.GetGenericArguments()[0])))
            .Where(c => c.Message.Namespace == own && !c.Message.GetCustomAttributesData().Any(a => a.AttributeType.FullName == "System.ObsoleteAttribute"))
            .Select(c => $"{c.Consumer} consumes {c.Message.FullName}").ToList();
        Assert.True(consumed.Count == 0, $"{service} consumes its own publication: {string.Join(", ", consumed)}");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_publishes_only_contracts_of_its_own_namespace(string service)
    {
        // Each service maps its stored events to contracts in one *IntegrationEvents class; it names no other
        // publisher's contracts there (the log's envelope is Hosting's, not a service's).
        var others = ContractNamespaces.Where(n => n != "Alliance.Contracts." + service).ToArray();
        var result = Types.FromFile(Assemblies.Service(service)).That().HaveNameEndingWith("IntegrationEvents")
            .ShouldNot().HaveDependencyOnAny(others).GetResult();
        Assert.True(result.IsSuccessful, $"{service} publishes another publisher's contract: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }
}
