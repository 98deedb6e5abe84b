using Alliance.Governance.OpenSource.Agreements;
using Alliance.Governance.OpenSource.Licences;
using Alliance.Governance.OpenSource.Projects;
using Alliance.Hosting;
using JasperFx.Events.Projections;
using Marten;

namespace Alliance.Governance.OpenSource;

/// <summary>Open-source governance: hosted projects and their lifecycle, the licence policy and its exceptions, contributor agreements.</summary>
public static class OpenSourceModule
{
    public static void Configure(StoreOptions opts)
    {
        opts.Register(OssProjectEvents.All);
        opts.Register(LicencePolicyEvents.All);
        opts.Register(PolicyChangeRequestEvents.All);
        opts.Register(LicenceExceptionEvents.All);
        opts.Register(ContributorAgreementEvents.All);
        opts.Register(PersonEvents.All);
        opts.Projections.Add<OssProjectProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<LicencePolicyProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<AgreementProjection>(ProjectionLifecycle.Inline);
    }

    public static WebApplicationBuilder AddOpenSource(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(OssProjectProjection.Schema);
        builder.Services.AddSingleton(LicencePolicyProjection.Schema);
        builder.Services.AddSingleton(AgreementProjection.Schema);
        builder.Services.AddHostedService<LicencePolicySeeder>();
        return builder;
    }

    public static WebApplication MapOpenSource(this WebApplication app)
    {
        var projects = app.MapGroup("/oss-projects").WithTags("Open source");
        projects.MapOssProjectCommands();
        projects.MapOssProjectReads();
        app.MapLandscape();
        LicenceEndpoints.Map(app);
        app.MapGroup("/licence-exceptions").WithTags("Licences").MapLicenceExceptions();
        app.MapGroup("/contributor-agreements").WithTags("Open source").MapAgreements();
        app.MapPersonErasure();
        return app;
    }
}
