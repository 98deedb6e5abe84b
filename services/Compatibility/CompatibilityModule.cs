using Alliance.Compatibility.Certifications;
using Alliance.Compatibility.Evaluations;
using Alliance.Compatibility.Products;
using Alliance.Compatibility.Standards;
using Alliance.Compatibility.Vendors;
using JasperFx.Events.Projections;
using Marten;

namespace Alliance.Compatibility;

public static class CompatibilityModule
{
    public static void Configure(StoreOptions opts)
    {
        opts.Events.MapEventType<StandardCreated>("standard_created");
        opts.Events.MapEventType<StandardVersionProposed>("standard_version_proposed");
        opts.Events.MapEventType<StandardVersionRatificationRequested>("standard_version_ratification_requested");
        opts.Events.MapEventType<StandardVersionRatified>("standard_version_ratified");
        opts.Events.MapEventType<StandardVersionRejected>("standard_version_rejected");
        opts.Events.MapEventType<StandardVersionWithdrawalRequested>("standard_version_withdrawal_requested");
        opts.Events.MapEventType<StandardVersionWithdrawn>("standard_version_withdrawn");
        opts.Events.MapEventType<StandardVersionRatificationRequestRefused>("standard_version_ratification_request_refused");
        opts.Events.MapEventType<StandardVersionWithdrawalRequestRefused>("standard_version_withdrawal_request_refused");
        opts.Events.MapEventType<ProductRegistered>("product_registered");
        opts.Events.MapEventType<ProductRenamed>("product_renamed");
        opts.Events.MapEventType<ProductTransferred>("product_transferred");
        opts.Events.MapEventType<CertificationSubmitted>("certification_submitted");
        opts.Events.MapEventType<CertificationGranted>("certification_granted");
        opts.Events.MapEventType<CertificationRejected>("certification_rejected");
        opts.Events.MapEventType<CertificationRevoked>("certification_revoked");
        opts.Events.MapEventType<CertificationExpired>("certification_expired");
        opts.Events.MapEventType<CertificationValidityFixed>("certification_validity_fixed");
        opts.Events.MapEventType<CertificationLapsed>("certification_lapsed");
        opts.Events.MapEventType<NonConformanceNoticed>("non_conformance_noticed");
        opts.Events.MapEventType<NonConformanceCured>("non_conformance_cured");
        opts.Events.MapEventType<EvaluationSubmitted>("evaluation_submitted");
        opts.Events.MapEventType<EvaluationObjectionFiled>("evaluation_objection_filed");
        opts.Events.MapEventType<EvaluationReviewerAppointed>("evaluation_reviewer_appointed");
        opts.Events.MapEventType<EvaluationObjectionResolved>("evaluation_objection_resolved");
        opts.Events.MapEventType<EvaluationReviewClosed>("evaluation_review_closed");
        opts.Events.MapEventType<EvaluationResultPublished>("evaluation_result_published");
        opts.Events.MapEventType<EvaluationSystemAvailable>("evaluation_system_available");
        opts.Events.MapEventType<EvaluationResultWithdrawn>("evaluation_result_withdrawn");
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
