using Alliance.Market.Offers;
using Alliance.Market.Requests;
using Alliance.Market.Sites;
using Marten;

namespace Alliance.Market.Leases;

/// <summary>What follows a lease's end on the other streams, in the same session: the request is closed, and a used-up offer whose leases all ended is closed.</summary>
public static class LeaseEnd
{
    public static async Task Follow(IDocumentSession session, Site siteAfter, LeaseClosed closed, CancellationToken ct)
    {
        var request = await session.Events.FetchForWriting<ComputeRequest>(closed.RequestId, ct);
        if (request.Aggregate is { Status: "matched" } r && r.LeaseId == closed.LeaseId)
            request.AppendOne(new RequestClosed(r.Id, closed.LeaseId, closed.Reason, closed.ClosedAt));
        var offer = await session.Events.FetchForWriting<Offer>(closed.OfferId, ct);
        if (offer.Aggregate is { Status: "matched" } && siteAfter.LeasedFromOffer(closed.OfferId) == 0)
            offer.AppendOne(new OfferClosed(closed.OfferId, "leases-ended", closed.ClosedAt));
    }
}
