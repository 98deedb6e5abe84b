using Alliance.Governance.Ballots;
using Alliance.Hosting;
using Alliance.Testing;
using Xunit;

namespace Alliance.Governance.Tests.Ballots;

public sealed class RuleProfileApiTests() : InProcessService<Program>("governance")
{
    [Fact]
    public async Task Every_profile_is_listed_with_its_explanation_positions_and_parameters()
    {
        var profiles = (await Http.GetNode("/rule-profiles")).AsArray();

        Assert.Equal(RuleProfiles.All.Select(p => p.Id), profiles.Select(p => (string)p!["id"]!));
        Assert.Equal(20, profiles.Count);
        Assert.All(profiles, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace((string)p!["explanation"]!));
            Assert.NotEmpty(p["positions"]!.AsArray());
            Assert.NotNull(p["parameters"]);
        });
    }

    [Fact]
    public void Unknown_or_malformed_overrides_are_refused_naming_the_parameter()
    {
        var refused = Assert.Throws<ValidationFailed>(() =>
            new ProfileOverrides(ApprovalOf: "majority", Threshold: "two thirds").ApplyTo(RuleProfiles.Find("ieee-sa")!.Parameters));

        Assert.Equal(["parameters.threshold", "parameters.approvalOf"], refused.Errors.Keys);
    }
}
