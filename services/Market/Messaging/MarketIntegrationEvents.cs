using Alliance.Hosting;
using Alliance.Market.Sites;
using JasperFx.Events;
using Contract = Alliance.Contracts.Market;

namespace Alliance.Market.Messaging;

/// <summary>The one place where Market's stored events become contracts: the lease lifecycle, for both sides' notifications.</summary>
public sealed class MarketIntegrationEvents : IIntegrationEvents
{
    public object? ToContract(IEvent stored) => stored.Data switch
    {
        LeaseCreated e => new Contract.LeaseCreated(e.LeaseId, e.SiteId, e.OfferId, e.RequestId, e.ProviderMemberId, e.RequesterMemberId, e.ResourceClass, e.Units,
            e.PricePerUnitHour, e.Currency, e.StartsAt, e.EndsAt, e.CreatedAt),
        LeaseClosed e => new Contract.LeaseClosed(e.LeaseId, e.SiteId, e.RequestId, e.ProviderMemberId, e.RequesterMemberId, e.Reason, e.UsageUnitHours, e.ClosedAt),
        LeaseAtRisk e => new Contract.LeaseAtRisk(e.LeaseId, e.SiteId, e.RequestId, e.ProviderMemberId, e.RequesterMemberId, e.Trait, e.CertificationId,
            e.CertificationStatus, e.At),
        _ => null,
    };
}
