using Alliance.Testing;
using Xunit;
using Contract = Alliance.Contracts.Compatibility;

namespace Alliance.EndToEnd.Tests;

/// <summary>What Compatibility tells other services through RabbitMQ: versions ratified, certifications in force and ended.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CompatibilityMessagesTests(PlatformFixture platform)
{
    private readonly CompatibilityFlowTests _flow = new(platform);
    private readonly BallotFlowTests _ballots = new(platform);

    [Fact]
    public async Task A_ratification_a_grant_and_a_revocation_each_reach_a_listener_with_everything_it_needs_to_act_alone()
    {
        await using var versions = await MessageProbe<Contract.StandardVersionStatusChanged>.Start(platform.Servers);
        await using var certifications = await MessageProbe<Contract.CertificationStatusChanged>.Start(platform.Servers);
        var pool = await platform.Pool(1);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var code = await _flow.Ratified(CompatibilityFlowTests.NewCode(), pool, committee);
        var vendor = await platform.Member($"Message Vendor {Guid.NewGuid():N}");
        var reviewer = await platform.Member($"Message Lab {Guid.NewGuid():N}", "reviewer");
        await _flow.VendorKnown(vendor.MemberId);
        var product = (Guid)(await (await vendor.Client.Post("/api/products", new { vendorId = vendor.MemberId, name = "Ascend Card 9", type = "accelerator" })).Read())["productId"]!;
        var certification = (Guid)(await (await vendor.Client.Post("/api/certifications",
            new { productId = product, productVersion = "1", standard = code, version = "2.0", results = CompatibilityFlowTests.Results() })).Read())["certificationId"]!;
        (await reviewer.Client.PostAsync($"/api/certifications/{certification}/grant", null)).EnsureSuccessStatusCode();
        (await platform.Secretariat.Post($"/api/certifications/{certification}/revocation", new { reason = "Report forged" })).EnsureSuccessStatusCode();

        await Eventually.True(() => Task.FromResult(versions.Received.Any(m => m.Message.Code == code)), "the ratification was published");
        var ratified = versions.Received.Single(m => m.Message.Code == code).Message;
        Assert.Equal(("2.0", "ratified"), (ratified.Version, ratified.Status));
        Assert.NotNull(ratified.DecisionId); // ratified by a ballot, not by the secretariat's historical mode

        await Eventually.True(() => Task.FromResult(certifications.Received.Count(m => m.Message.CertificationId == certification) == 2), "grant and revocation published");
        var changes = certifications.Received.Where(m => m.Message.CertificationId == certification).Select(m => m.Message).ToList();
        var grant = changes.Single(c => c.Status == "certified");
        // The grant says what a consumer needs without asking back: product, its type, vendor, standard and validity.
        Assert.Equal((product, "Ascend Card 9", "accelerator", vendor.MemberId, code, "2.0"), (grant.ProductId, grant.ProductName, grant.ProductType, grant.VendorId, grant.StandardCode, grant.Version));
        Assert.NotNull(grant.ValidFrom);
        Assert.NotNull(grant.ValidUntil); // a fixed 24-month rule
        Assert.Null(grant.Reason);
        // The revocation is the state as of its own event: revoked, with its reason, the same product.
        var revocation = changes.Single(c => c.Status == "revoked");
        Assert.Equal((product, "Report forged"), (revocation.ProductId, revocation.Reason));
        Assert.True(revocation.ChangedAt >= grant.ChangedAt);
    }
}
