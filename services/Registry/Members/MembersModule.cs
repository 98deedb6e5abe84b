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
        opts.Events.MapEventType<MemberApplied>("member_applied");
        opts.Events.MapEventType<MemberAdmitted>("member_admitted");
        opts.Events.MapEventType<MemberSuspended>("member_suspended");
        opts.Events.MapEventType<MemberReinstated>("member_reinstated");
        opts.Events.MapEventType<MemberCredentialIssued>("member_credential_issued");
        opts.Events.MapEventType<MemberCredentialRevoked>("member_credential_revoked");
        opts.Events.MapEventType<MemberPersonalDataErased>("member_personal_data_erased");
        opts.Events.MapEventType<MemberTierChanged>("member_tier_changed");
        opts.Events.MapEventType<MemberRenamed>("member_renamed");
        opts.Events.MapEventType<MemberWithdrew>("member_withdrew");
        opts.Events.MapEventType<MemberExpulsionRequested>("member_expulsion_requested");
        opts.Events.MapEventType<MemberExpelled>("member_expelled");
        opts.Events.MapEventType<MemberExpulsionRejected>("member_expulsion_rejected");
        opts.Events.MapEventType<MemberExpulsionRequestRefused>("member_expulsion_request_refused");
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
