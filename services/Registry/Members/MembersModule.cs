using Alliance.Hosting;
using JasperFx.Events.Projections;
using Marten;

namespace Alliance.Registry.Members;

public static class MembersModule
{
    public static readonly ReadModelSchema Schema = MemberDirectoryProjection.Schema;

    /// <summary>Stored names are explicit and snake_case, so classes can be renamed without touching stored events.</summary>
    public static void Configure(StoreOptions opts)
    {
        opts.Register(MemberEvents.All);
        ErasePersonalData.Configure(opts);
        opts.Projections.Add<MemberDirectoryProjection>(ProjectionLifecycle.Inline);
    }

    public static RouteGroupBuilder MapMembers(this RouteGroupBuilder members)
    {
        ApplyForMembership.Map(members);
        AdmitMember.Map(members);
        GetMember.Map(members);
        ListMembers.Map(members);
        SuspendMember.Map(members);
        MemberCredentials.Map(members);
        ErasePersonalData.Map(members);
        MemberLifecycleEndpoints.Map(members);
        members.MapHistory("member", ErasePersonalData.PersonalFields, (actor, id, _) => actor.MaySeePrivateDataOf(id));
        return members;
    }
}
