using Alliance.Hosting;
using JasperFx.Events.Projections;
using Marten;

namespace Alliance.Registry.Projects;

public static class ProjectsModule
{
    public static readonly ReadModelSchema Schema = ProjectListProjection.Schema;

    public static void Configure(StoreOptions opts)
    {
        opts.Register(ProjectEvents.All);
        opts.Projections.Add<ProjectListProjection>(ProjectionLifecycle.Inline);
    }
}
