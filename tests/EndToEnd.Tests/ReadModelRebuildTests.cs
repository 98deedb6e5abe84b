using System.Net;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>Read models rebuilt from the events by the operations endpoint (the matrix is rebuilt after the Kubernetes import).</summary>
[Collection(PlatformCollection.Name)]
public sealed class ReadModelRebuildTests(PlatformFixture platform)
{
    /// <summary>Operations are not routed by the gateway: they are called at the service's own port, with the caller's token.</summary>
    /// <summary>
    /// A client of one service's own port with the caller's current token. The shared clients renew their token on
    /// the way out (RenewingToken), so the token is taken from a request the caller has just sent: a copy of its
    /// default header would be the first token, expired on a run longer than its 15 minutes (the rebuild got 401).
    /// </summary>
    public static async Task<HttpClient> AtService(ServiceProcess service, HttpClient caller)
    {
        using var sent = await caller.GetAsync("/health/live");
        var client = new HttpClient { BaseAddress = new Uri(service.Url), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = sent.RequestMessage!.Headers.Authorization;
        return client;
    }

    [Fact]
    public async Task The_member_directory_rebuilt_from_its_events_lists_the_same_members_and_only_the_secretariat_may_rebuild()
    {
        var pool = await platform.Pool(2);
        var directory = "/api/members?pageSize=200";
        var before = await platform.Secretariat.GetStringAsync(directory);

        using var registry = await AtService(platform.Registry, platform.Secretariat);
        using var rebuilt = await registry.PostAsync("/admin/read-models/member-directory/rebuild", null);
        Assert.Equal(HttpStatusCode.OK, rebuilt.StatusCode);
        var result = await rebuilt.Read();
        Assert.Equal("member-directory", (string)result["projection"]!);
        Assert.True((long)result["eventsReplayed"]! >= 2 * pool.Count);
        Assert.Equal(before, await platform.Secretariat.GetStringAsync(directory));

        // A member may not; nobody may anonymously; an unknown name is a 404 naming it; a projection that does not
        // name its tables is refused rather than replayed into rows it would duplicate.
        using var asMember = await AtService(platform.Registry, pool[0].Client);
        Assert.Equal(HttpStatusCode.Forbidden, (await asMember.PostAsync("/admin/read-models/member-directory/rebuild", null)).StatusCode);
        using var anonymous = new HttpClient { BaseAddress = new Uri(platform.Registry.Url) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/admin/read-models/member-directory/rebuild", null)).StatusCode);
        using var unknown = await registry.PostAsync("/admin/read-models/no-such-model/rebuild", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no-such-model", (string)(await unknown.Read())["detail"]!);
        using var refused = await registry.PostAsync("/admin/read-models/Alliance.Registry.Projects.ProjectListProjection/rebuild", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }
}
