using Alliance.Compatibility.Certifications;
using Alliance.Compatibility.Evaluations;
using Alliance.Compatibility.Products;
using Alliance.Compatibility.Standards;
using Alliance.Compatibility.Vendors;
using Alliance.Hosting;
using JasperFx.Events.Projections;
using Marten;

namespace Alliance.Compatibility;

public static class CompatibilityModule
{
    public static void Configure(StoreOptions opts)
    {
        opts.Register(StandardEvents.All);
        opts.Register(ProductEvents.All);
        opts.Register(CertificationEvents.All);
        opts.Register(EvaluationEvents.All);
        // The catalogue before the matrix: a ratification updates certifications using the standard's rule.
        opts.Projections.Add<StandardCatalogueProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ProductProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<MatrixProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<EvaluationProjection>(ProjectionLifecycle.Inline);
    }

    public static WebApplicationBuilder AddCompatibility(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(VendorDirectoryConsumer.Schema);
        builder.Services.AddSingleton(CommitteeChairs.Schema);
        builder.Services.AddSingleton(StandardCatalogueProjection.Schema);
        builder.Services.AddSingleton(ProductProjection.Schema);
        builder.Services.AddSingleton(MatrixProjection.Schema);
        builder.Services.AddSingleton(EvaluationRounds.Schema);
        builder.Services.AddSingleton(EvaluationProjection.Schema);
        builder.Services.AddHostedService<EvaluationDeadlines>();
        builder.Services.AddSingleton<ExportCache>();
        builder.Services.AddSingleton<ReplayLimit>();
        builder.Services.AddHostedService<CertificationExpiry>();
        builder.Services.AddHostedService<PrerequisiteLapse>();
        return builder;
    }

    public static WebApplication MapCompatibility(this WebApplication app)
    {
        app.MapGroup("/vendors").WithTags("Vendors").MapVendors();
        app.MapGroup("/standards").WithTags("Standards").MapStandards();
        app.MapGroup("/products").WithTags("Products").MapProducts();
        app.MapGroup("/certifications").WithTags("Certifications").MapCertifications();
        app.MapGroup("/evaluations").WithTags("Evaluations").MapEvaluations();
        MatrixQueries.Map(app);
        MatrixExports.Map(app);
        Badges.Map(app);
        Feeds.CompatibilityFeeds.Map(app);
        return app;
    }
}
