using Alliance.Compatibility.Certifications;
using Alliance.Compatibility.Products;
using Alliance.Compatibility.Standards;
using Alliance.Hosting;
using JasperFx.Events;
using Marten;
using Compat = Alliance.Contracts.Compatibility;

namespace Alliance.Compatibility.Messaging;

/// <summary>
/// The one place where Compatibility's stored events become contracts: ratification requests go to Governance;
/// certifications coming into force or ending, and versions ratified or withdrawn, go to anyone who listens.
/// </summary>
public sealed class CompatibilityIntegrationEvents : IIntegrationEvents
{
    public object? ToContract(IEvent stored) => stored.Data switch
    {
        StandardVersionRatificationRequested e => new Compat.BallotRequested(e.RequestId, "compatibility", "standard-version-ratification",
            $"{e.Code}/{e.Version}", $"{e.Code} {e.Version}", e.CommitteeId, null, null, $"Ratify {e.Code} {e.Version} as an alliance standard?", null,
            e.RequestedBy, e.RequestedAt),
        StandardVersionWithdrawalRequested e => new Compat.BallotRequested(e.RequestId, "compatibility", "standard-version-withdrawal",
            $"{e.Code}/{e.Version}", $"Withdraw {e.Code} {e.Version}", e.CommitteeId, null, null, $"Withdraw {e.Code} {e.Version}? Reason: {e.Reason}", null,
            e.RequestedBy, e.RequestedAt),
        StandardVersionRatified e => new Compat.StandardVersionStatusChanged(e.StandardId, e.Code, e.Version, "ratified", NoBallot(e.DecisionId), e.RatifiedAt),
        StandardVersionWithdrawn e => new Compat.StandardVersionStatusChanged(e.StandardId, e.Code, e.Version, "withdrawn", NoBallot(e.DecisionId), e.WithdrawnAt),
        Evaluations.EvaluationResultPublished e => new Contracts.Compatibility.EvaluationResultPublished(e.ResultId, e.ProductId, e.Benchmark, e.Scenario, e.Score, e.Unit, e.HigherIsBetter, e.ReviewedBy, e.PublishedAt),
        Evaluations.EvaluationResultWithdrawn e => new Contracts.Compatibility.EvaluationResultWithdrawn(e.ResultId, e.ProductId, e.Benchmark, e.Scenario, e.Rule, e.Reason, e.WithdrawnAt),
        _ => null,
    };

    public async ValueTask<object?> ToContractAsync(IEvent stored, IQuerySession session, CancellationToken ct)
    {
        var (changedAt, reason) = stored.Data switch
        {
            CertificationGranted e => (e.ValidFrom, null),
            CertificationValidityFixed e => (e.FixedAt, null),
            CertificationRevoked e => (e.RevokedAt, e.Reason),
            CertificationExpired e => (e.ExpiredAt, null),
            CertificationLapsed e => (e.LapsedAt, e.Reason),
            _ => (default(DateTimeOffset?), (string?)null),
        };
        if (changedAt is null) return ToContract(stored);
        // The certification as of this very event (a later revocation must not colour the grant), and its product now.
        var certification = await session.Events.AggregateStreamAsync<Certification>(stored.StreamId, stored.Version, token: ct);
        if (certification is null) return null;
        var product = await session.Events.AggregateStreamAsync<Product>(certification.ProductId, token: ct);
        return new Compat.CertificationStatusChanged(certification.Id, certification.ProductId, product?.Name ?? "", product?.Type ?? "",
            certification.VendorId, certification.StandardCode, certification.Version, certification.Status, certification.ValidFrom,
            certification.ValidUntil, reason, changedAt.Value);
    }

    private static Guid? NoBallot(Guid decisionId) => decisionId == Guid.Empty ? null : decisionId;
}
