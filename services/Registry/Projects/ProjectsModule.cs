using Alliance.Hosting;
using JasperFx.Events.Projections;
using Marten;

namespace Alliance.Registry.Projects;

public static class ProjectsModule
{
    public static readonly ReadModelSchema Schema = ProjectListProjection.Schema;

    public static void Configure(StoreOptions opts)
    {
        opts.Events.MapEventType<ProjectProposed>("project_proposed");
        opts.Events.MapEventType<PartnerInvited>("partner_invited");
        opts.Events.MapEventType<PartnerAccepted>("partner_accepted");
        opts.Events.MapEventType<PartnerDeclined>("partner_declined");
        opts.Events.MapEventType<PartnerLeft>("partner_left");
        opts.Events.MapEventType<ProjectSubmittedForApproval>("project_submitted_for_approval");
        opts.Events.MapEventType<ProjectApproved>("project_approved");
        opts.Events.MapEventType<ProjectRejected>("project_rejected");
        opts.Events.MapEventType<MilestonePlanned>("milestone_planned");
        opts.Events.MapEventType<MilestoneCompleted>("milestone_completed");
        opts.Events.MapEventType<ProjectCompleted>("project_completed");
        opts.Events.MapEventType<ProjectCancelled>("project_cancelled");
        opts.Events.MapEventType<ProjectApprovalRequestRefused>("project_approval_request_refused");
        opts.Projections.Add<ProjectListProjection>(ProjectionLifecycle.Inline);
    }

    public static WebApplication MapProjects(this WebApplication app)
    {
        var projects = app.MapGroup("/projects").WithTags("Projects");
        ProposeProject.Map(projects);
        ProjectCommands.Map(projects);
        ReadProjects.Map(projects, app);
        return app;
    }
}
