using Alliance.Compatibility.Standards;
using Alliance.Hosting;
using JasperFx.Events;
using Governance = Alliance.Contracts.Governance;

namespace Alliance.Compatibility.Messaging;

/// <summary>The one place where Compatibility's stored events become contracts: ratification requests go to Governance.</summary>
public sealed class CompatibilityIntegrationEvents : IIntegrationEvents
{
    public object? ToContract(IEvent stored) => stored.Data switch
    {
        StandardVersionRatificationRequested e => new Governance.BallotRequested(e.RequestId, "compatibility", "standard-version-ratification",
            $"{e.Code}/{e.Version}", $"{e.Code} {e.Version}", e.CommitteeId, null, null, $"Ratify {e.Code} {e.Version} as an alliance standard?", null,
            e.RequestedBy, e.RequestedAt),
        StandardVersionWithdrawalRequested e => new Governance.BallotRequested(e.RequestId, "compatibility", "standard-version-withdrawal",
            $"{e.Code}/{e.Version}", $"Withdraw {e.Code} {e.Version}", e.CommitteeId, null, null, $"Withdraw {e.Code} {e.Version}? Reason: {e.Reason}", null,
            e.RequestedBy, e.RequestedAt),
        Evaluations.EvaluationResultPublished e => new Contracts.Compatibility.EvaluationResultPublished(e.ResultId, e.ProductId, e.Benchmark, e.Scenario, e.Score, e.Unit, e.HigherIsBetter, e.ReviewedBy, e.PublishedAt),
        Evaluations.EvaluationResultWithdrawn e => new Contracts.Compatibility.EvaluationResultWithdrawn(e.ResultId, e.ProductId, e.Benchmark, e.Scenario, e.Rule, e.Reason, e.WithdrawnAt),
        _ => null,
    };
}
