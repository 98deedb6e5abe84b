using NetArchTest.Rules;
using Xunit;

namespace Alliance.Architecture.Tests;

/// <summary>Who may depend on whom: services meet only through contracts and HTTP; the plumbing knows no service.</summary>
public sealed class DependencyRules
{
    public static TheoryData<string> Services => new(Assemblies.Services);

    [Fact]
    public void The_membership_library_references_no_service()
    {
        var result = Types.FromFile(Assemblies.Shared("Alliance.Membership")).ShouldNot()
            .HaveDependencyOnAny(Assemblies.Services.Select(Assemblies.Namespace).ToArray()).GetResult();
        Assert.True(result.IsSuccessful, $"the membership library depends on a service: {Names(result)}");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_references_no_other_service(string service)
    {
        var others = Assemblies.Services.Where(s => s != service).Select(Assemblies.Namespace).ToArray();
        var result = Types.FromFile(Assemblies.Service(service)).ShouldNot().HaveDependencyOnAny(others).GetResult();
        Assert.True(result.IsSuccessful, $"{service} depends on another service: {Names(result)}");
    }

    [Fact]
    public void The_contracts_reference_nothing_of_the_platform()
    {
        var platform = new[] { "Alliance.Hosting", "Marten", "MassTransit", "Npgsql", "Microsoft.AspNetCore" }
            .Concat(Assemblies.Services.Select(Assemblies.Namespace)).ToArray();
        var result = Types.FromFile(Assemblies.Shared("Alliance.Contracts")).ShouldNot().HaveDependencyOnAny(platform).GetResult();
        Assert.True(result.IsSuccessful, $"a contract depends on the platform: {Names(result)}");
    }

    [Fact]
    public void The_hosting_defaults_reference_no_service_and_no_service_contract()
    {
        // Membership belongs to the services (ADR 0007): Hosting only asks IMemberStanding. The one contract it knows
        // is the log's envelope (Alliance.Contracts.Log), which the plumbing itself publishes from every outbox.
        var forbidden = Assemblies.Services.Select(Assemblies.Namespace)
            .Concat(["Alliance.Contracts.Registry", "Alliance.Contracts.Governance", "Alliance.Contracts.Compatibility", "Alliance.Contracts.Market",
                "Alliance.Membership"]).ToArray();
        var result = Types.FromFile(Assemblies.Shared("Alliance.Hosting")).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        Assert.True(result.IsSuccessful, $"Hosting depends on a service or its contracts: {Names(result)}");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Decisions_are_pure_functions_without_io(string service)
    {
        // A *Decisions class decides from state and input only; the endpoint reads and appends.
        var result = Types.FromFile(Assemblies.Service(service)).That().HaveNameEndingWith("Decisions")
            .ShouldNot().HaveDependencyOnAny("Marten", "Npgsql", "Dapper", "Microsoft.AspNetCore.Http", "MassTransit", "System.Net.Http").GetResult();
        Assert.True(result.IsSuccessful, $"a decision does I/O: {Names(result)}");
    }

    private static string Names(TestResult result) => string.Join(", ", result.FailingTypeNames ?? []);
}
