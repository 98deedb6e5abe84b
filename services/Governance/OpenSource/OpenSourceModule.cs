using Alliance.Governance.OpenSource.Agreements;
using Alliance.Governance.OpenSource.Licences;
using Alliance.Governance.OpenSource.Projects;
using JasperFx.Events.Projections;
using Marten;

namespace Alliance.Governance.OpenSource;

/// <summary>Open-source governance: hosted projects and their lifecycle, the licence policy and its exceptions, contributor agreements.</summary>
public static class OpenSourceModule
{
    public static void Configure(StoreOptions opts)
    {
        opts.Events.MapEventType<OssProjectProposed>("oss_project_proposed");
        opts.Events.MapEventType<MaintainerJoined>("maintainer_joined");
        opts.Events.MapEventType<MaintainerRetired>("maintainer_retired");
        opts.Events.MapEventType<MaintainerAffiliationChanged>("maintainer_affiliation_changed");
        opts.Events.MapEventType<AdopterRecorded>("adopter_recorded");
        opts.Events.MapEventType<SecurityReviewRecorded>("security_review_recorded");
        opts.Events.MapEventType<ContributorPolicySet>("contributor_policy_set");
        opts.Events.MapEventType<StageChangeRequested>("stage_change_requested");
        opts.Events.MapEventType<StageChanged>("stage_changed");
        opts.Events.MapEventType<StageChangeRefused>("stage_change_refused");
        opts.Events.MapEventType<ReleaseApproved>("release_approved");
        opts.Events.MapEventType<ReleaseBlocked>("release_blocked");
        opts.Events.MapEventType<LicencePolicyAdopted>("licence_policy_adopted");
        opts.Events.MapEventType<LicencePolicyChanged>("licence_policy_changed");
        opts.Events.MapEventType<PolicyChangeProposed>("policy_change_proposed");
        opts.Events.MapEventType<PolicyChangeDecided>("policy_change_decided");
        opts.Events.MapEventType<LicenceExceptionRequested>("licence_exception_requested");
        opts.Events.MapEventType<LicenceExceptionDecided>("licence_exception_decided");
        opts.Events.MapEventType<CorporateClaSigned>("corporate_cla_signed");
        opts.Events.MapEventType<CorporateClaAuthorisationsChanged>("corporate_cla_authorisations_changed");
        opts.Events.MapEventType<IndividualClaSigned>("individual_cla_signed");
        opts.Events.MapEventType<ContributorAgreementTerminated>("contributor_agreement_terminated");
        opts.Events.MapEventType<PersonPersonalDataErased>("person_personal_data_erased");
        opts.Events.MapEventType<CorporateClaSignatoryErased>("corporate_cla_signatory_erased");
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
        ErasePerson.Map(app);
        return app;
    }
}
