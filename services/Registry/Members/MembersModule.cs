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
        // The masking rules Marten applies to stored events on erasure: legacy clear-text values only.
        opts.Events.AddMaskingRuleForProtectedInformation<MemberApplied>(e => PersonalData.IsSealed(e.ContactEmail) ? e : e with { ContactEmail = Member.Erased });
        opts.Projections.Add<MemberDirectoryProjection>(ProjectionLifecycle.Inline);
    }

    public static RouteGroupBuilder MapMembers(this RouteGroupBuilder members)
    {
        MemberEndpoints.Map(members);
        MemberCredentialEndpoints.Map(members);
        return members;
    }
}
