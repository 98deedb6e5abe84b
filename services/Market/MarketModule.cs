using Alliance.Hosting;
using Alliance.Market.Census;
using Alliance.Market.Leases;
using Alliance.Market.Offers;
using Alliance.Market.Requests;
using Alliance.Market.Sites;
using Alliance.Market.Traits;
using JasperFx.Events.Projections;
using Marten;

namespace Alliance.Market;

public static class MarketModule
{
    public static void Configure(StoreOptions opts)
    {
        opts.Register(SiteEvents.All);
        opts.Register(OfferEvents.All);
        opts.Register(ComputeRequestEvents.All);
        opts.Projections.Add<MarketProjection>(ProjectionLifecycle.Inline);
    }

    public static WebApplicationBuilder AddMarket(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(MarketProjection.Schema);
        builder.Services.AddSingleton(CertificationBook.Schema);
        builder.Services.AddSingleton(EvaluationBook.Schema);
        builder.Services.AddSingleton(TraitBookCache.Schema);
        builder.Services.AddSingleton<TraitBookCache>();
        builder.Services.AddHostedService<LeaseSchedule>();
        builder.Services.AddHostedService<OfferSchedule>();
        builder.Services.AddHostedService<RequestSchedule>();
        return builder;
    }

    /// <summary>Everything under /compute: behind the gateway, /api/compute/….</summary>
    public static WebApplication MapMarket(this WebApplication app)
    {
        var compute = app.MapGroup("/compute");
        compute.MapGroup("/sites").WithTags("Sites").MapSites();
        compute.MapGroup("/offers").WithTags("Offers").MapOffers();
        compute.MapGroup("/requests").WithTags("Requests").MapRequests();
        compute.MapGroup("").WithTags("Leases").MapLeases();
        compute.MapGroup("").WithTags("Census").MapCensus();
        return app;
    }
}
