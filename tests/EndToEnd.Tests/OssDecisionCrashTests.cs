using System.Net;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// Governance answers its open-source decisions from its own events (OssDecisionAnswers, an EventReactions subscription).
/// Its one hard window, hit on purpose: the process dies after the answer committed and before the subscription's
/// checkpoint did. The restarted daemon replays the decision, and the project must have changed stage once.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class OssDecisionCrashTests(PlatformFixture platform)
{
    private readonly OpenSourceFlowTests _oss = new(platform);

    [Fact]
    public async Task Governance_killed_between_a_stage_answer_and_its_checkpoint_replays_the_decision_and_moves_the_project_once()
    {
        var voters = await _oss.Voters();
        var sponsor = await platform.Member($"OSS Crash {Guid.NewGuid():N}");
        var project = await _oss.Propose(sponsor.Client, sponsor.MemberId);
        var ballot = await _oss.RequestStage(sponsor.Client, project, "sandbox");

        platform.ArmFault("governance", "reaction-after-commit"); // Alliance.Hosting.FaultHooks.ReactionAfterCommit
        foreach (var voter in voters)
        {
            // The answer follows the closing vote at once, so the process may die before that vote's reply leaves it (502).
            using var cast = await voter.Client.Post($"/api/ballots/{ballot}/votes", new { position = "in-favour" });
            if (cast.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.Conflict) break;
            Assert.Equal(HttpStatusCode.OK, cast.StatusCode);
            if ((bool)(await cast.Read())["closed"]!) break;
        }
        await Eventually.True(() => Task.FromResult(platform.Governance.HasExited), "Governance ended at the crash point");

        // The precondition, checked rather than hoped for: the answer is stored, the checkpoint is behind the decision.
        var decision = await Scalar("select seq_id from mt_events where stream_id = $1 and type = 'decision_reached'", ballot);
        Assert.Equal(1L, await StageChanges(project));
        Assert.True(await Checkpoint() < decision, "the checkpoint was committed before the crash: nothing would be replayed");

        platform.Governance.Start();
        await platform.Governance.WaitUntilReady(platform.Direct);
        await Eventually.True(async () => await Checkpoint() >= decision, "the decision replayed after the restart");
        Assert.Equal(1L, await StageChanges(project));
        Assert.Equal("sandbox", (string)(await _oss.Project(project))["stage"]!);
    }

    private Task<long> StageChanges(Guid project) =>
        Scalar("select count(*) from mt_events where stream_id = $1 and type = 'stage_changed'", project);

    private Task<long> Checkpoint() =>
        Scalar("select coalesce(max(last_seq_id), 0) from mt_event_progression where name like 'oss-decision-answers%'");

    private Task<long> Scalar(string sql, params object[] args) => platform.Servers.Scalar<long>("governance", sql, args);
}
