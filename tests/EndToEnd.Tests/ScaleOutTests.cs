using System.Net;
using Alliance.Testing;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// Two instances of every service (docs/scale-out.md): the gateway lists and balances them, a single-instance worker
/// runs on one of them and moves when it dies, the outbox moves with Marten's daemon, and a write on one instance is
/// read anew on the other although its cache would keep the old answer for ten minutes. Effects are counted in the
/// event store and the read models, not in logs.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class ScaleOutTests(ScaleOutFixture platform, ITestOutputHelper output)
{
    private static readonly TimeSpan Takeover = TimeSpan.FromSeconds(30); // what issue 19 asks of every worker

    [Fact]
    public async Task The_gateway_lists_every_instance_and_keeps_serving_through_the_other_when_one_dies()
    {
        var ready = await platform.Http.GetNode("/health/ready");
        foreach (var service in new[] { "Registry", "Governance", "Compatibility" })
        {
            var instances = ready["instances"]![service]!.AsArray();
            Assert.Equal(platform.InstancesOf(Service(service)).Select(i => i.Url), instances.Select(i => (string)i!["address"]!));
            Assert.All(instances, i => Assert.Equal("ready", (string)i!["status"]!));
            Assert.Equal("ready (2 of 2 instances)", (string)ready["services"]![service]!);
        }

        var victim = platform.Governance;
        victim.Kill();
        try
        {
            // The gateway's checks take the dead instance out; from then on every request is answered by the other.
            await Eventually.True(async () => (string)(await platform.Http.GetNode("/health/ready"))["services"]!["Governance"]! == "ready (1 of 2 instances)",
                "the gateway sees one Governance instance gone");
            await OnlySurvivorsServe("/api/committees");
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 20; i++)
            {
                using var response = await platform.Http.GetAsync("/api/committees");
                statuses.Add(response.StatusCode);
            }
            output.WriteLine(string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Count()}×{(int)g.Key}")));
            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        }
        finally
        {
            victim.Start();
            await victim.WaitUntilReady(platform.Direct);
        }
    }

    [Fact]
    public async Task One_governance_instance_closes_due_ballots_once_and_the_other_takes_over_when_it_dies()
    {
        var ballots = new BallotFlowTests(platform);
        var pool = await platform.Pool(2);
        var committee = await ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var instances = platform.InstancesOf(platform.Governance);
        var leader = await LeaderOf(instances, "BallotCloser");

        var first = await DueBallot(ballots, committee, pool);
        Assert.Equal(1L, await Stored("governance", "ballot_closed", first));
        Assert.Equal(1L, await Stored("governance", "decision_reached", first));

        var survivor = instances.Single(i => i != leader);
        leader.Kill();
        try
        {
            await OnlySurvivorsServe("/api/committees");
            var moved = await Eventually.True(async () => await Role(survivor, "BallotCloser") == "leader", "the other instance runs the closer", Takeover);
            output.WriteLine($"the ballot closer moved to {survivor.Name} {moved.TotalSeconds:0.0} s after {leader.Name} was killed");
            var second = await DueBallot(ballots, committee, pool);
            Assert.Equal(1L, await Stored("governance", "ballot_closed", second));
        }
        finally
        {
            leader.Start();
            await leader.WaitUntilReady(platform.Direct);
        }
        // Back, it stands by: the lead stays where it went.
        await Eventually.True(async () => await Role(leader, "BallotCloser") == "standby", "the restarted instance stands by");
        Assert.Equal("leader", await Role(survivor, "BallotCloser"));
    }

    [Fact]
    public async Task The_outbox_moves_with_the_daemon_to_the_other_registry_instance_when_the_one_running_it_dies()
    {
        var instances = platform.InstancesOf(platform.Registry);
        ServiceProcess? runner = null;
        await Eventually.True(async () => (runner = await DaemonRunner(instances)) is not null, "one Registry instance runs Marten's daemon");
        var survivor = instances.Single(i => i != runner);
        runner!.Kill();
        try
        {
            await OnlySurvivorsServe("/api/stats/projects");
            // The member is admitted through the gateway (so by the survivor) and must reach both consumers, once each.
            var member = await platform.Member($"Failover Member {Guid.NewGuid():N}");
            Assert.Equal(1L, await Rows("governance", "select count(*) from electorate where member_id = $1", member.MemberId));
            Assert.Equal(1L, await Rows("compatibility", "select count(*) from vendors where member_id = $1", member.MemberId));
            Assert.Same(survivor, await DaemonRunner(instances));
        }
        finally
        {
            runner.Start();
            await runner.WaitUntilReady(platform.Direct);
        }
    }

    [Fact]
    public async Task A_grant_and_a_revocation_on_one_compatibility_instance_are_read_anew_on_the_other()
    {
        var ballots = new BallotFlowTests(platform);
        var flow = new CompatibilityFlowTests(platform);
        var pool = await platform.Pool(3);
        var committee = await ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var code = await flow.Ratified(CompatibilityFlowTests.NewCode(), pool, committee);
        var vendor = await platform.Member($"Scale Vendor {Guid.NewGuid():N}", "member-admin");
        var reviewer = await platform.Member($"Scale Lab {Guid.NewGuid():N}", "reviewer");
        await flow.VendorKnown(vendor.MemberId);
        var product = (Guid)(await (await vendor.Client.Post("/api/products", new { vendorId = vendor.MemberId, name = "Scale Box", type = "server" })).Read())["productId"]!;
        var certification = (Guid)(await (await vendor.Client.Post("/api/certifications",
            new { productId = product, productVersion = "1.0", standard = code, version = "2.0", results = CompatibilityFlowTests.Results() })).Read())["certificationId"]!;
        var (a, b) = (platform.InstancesOf(platform.Compatibility)[0], platform.InstancesOf(platform.Compatibility)[1]);
        var check = $"{b.Url}/matrix/check?product={product}&standard={code}";
        // B answers, and keeps the answer (for ten minutes in this fixture).
        Assert.Equal("not-certified", (string)(await platform.Direct.GetNode(check))["status"]!);

        (await reviewer.Client.PostAsync($"{a.Url}/certifications/{certification}/grant", null)).EnsureSuccessStatusCode();
        var granted = await Eventually.True(async () => (string)(await platform.Direct.GetNode(check))["status"]! == "certified", "B reads the grant made on A");
        (await platform.Secretariat.Post($"{a.Url}/certifications/{certification}/revocation", new { reason = "Evidence withdrawn" })).EnsureSuccessStatusCode();
        var revoked = await Eventually.True(async () => (string)(await platform.Direct.GetNode(check))["status"]! == "revoked", "B reads the revocation made on A");
        output.WriteLine($"B answered anew {granted.TotalMilliseconds:0} ms after the grant and {revoked.TotalMilliseconds:0} ms after the revocation on A");
    }

    /// <summary>
    /// Until the gateway's active check (every second) has taken a killed instance out of the rotation, a request sent
    /// to it fails (502; careful clients retry, as the reliability suite's load does). Ten answers in a row mean it is out.
    /// </summary>
    private async Task OnlySurvivorsServe(string path)
    {
        var inARow = 0;
        await Eventually.True(async () =>
        {
            using var probe = await platform.Http.GetAsync(path);
            inARow = probe.StatusCode == HttpStatusCode.OK ? inARow + 1 : 0;
            return inARow >= 10;
        }, $"{path} answered by the surviving instances only");
    }

    private ServiceProcess Service(string name) => name switch
    {
        "Registry" => platform.Registry,
        "Governance" => platform.Governance,
        _ => platform.Compatibility,
    };

    /// <summary>A ballot closing two seconds from now with one yes vote: the closer (whichever instance runs it) decides it.</summary>
    private async Task<Guid> DueBallot(BallotFlowTests ballots, Guid committee, IReadOnlyList<PlatformFixture.PoolMember> pool)
    {
        var ballot = await ballots.Open(committee, "simple-majority", closesAt: DateTimeOffset.UtcNow.AddSeconds(2),
            overrideReason: "Test of the closer moving between instances: closes in 2 s instead of the week simple-majority needs");
        (await pool[0].Client.Post($"/api/ballots/{ballot}/votes", new { position = "yes" })).EnsureSuccessStatusCode();
        await Eventually.True(async () => (string)(await platform.Http.GetNode($"/api/ballots/{ballot}"))["status"]! == "decided", "the ballot closed on schedule");
        return ballot;
    }

    private async Task<string?> Role(ServiceProcess instance, string worker) =>
        (string?)(await platform.Direct.GetNode($"{instance.Url}/health/ready"))["checks"]!["leadership"]!["data"]?[worker];

    /// <summary>The instance running worker, once exactly one says it does and every other says it stands by.</summary>
    private async Task<ServiceProcess> LeaderOf(IReadOnlyList<ServiceProcess> instances, string worker)
    {
        ServiceProcess? leader = null;
        await Eventually.True(async () =>
        {
            var roles = await Task.WhenAll(instances.Select(i => Role(i, worker)));
            leader = roles.Count(r => r == "leader") == 1 && roles.Count(r => r == "standby") == instances.Count - 1 ? instances[Array.IndexOf(roles, "leader")] : null;
            return leader is not null;
        }, $"one instance runs {worker}");
        return leader!;
    }

    /// <summary>Which instance holds Marten's daemon lock (HotCold): PostgreSQL names each connection after its process.</summary>
    private async Task<ServiceProcess?> DaemonRunner(IReadOnlyList<ServiceProcess> instances)
    {
        await using var db = platform.Servers.Admin(platform.Servers.Database("registry"));
        await using var cmd = new NpgsqlCommand("""
            select distinct a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted and a.datname = current_database() and a.application_name not like '%lead:%'
            """, db);
        var holders = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) holders.Add(reader.GetString(0));
        var running = instances.Where(i => i.Pid is { } pid && holders.Any(h => h.EndsWith($" pid {pid}", StringComparison.Ordinal))).ToList();
        return running.Count == 1 ? running[0] : null;
    }

    private Task<long> Stored(string service, string type, Guid stream) =>
        Rows(service, "select count(*) from mt_events where stream_id = $1 and type = $2", stream, type);

    private async Task<long> Rows(string service, string sql, params object[] values)
    {
        await using var db = new NpgsqlConnection(platform.Servers.ConnectionString(service));
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, db);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
