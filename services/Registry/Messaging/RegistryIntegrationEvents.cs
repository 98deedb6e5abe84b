using Alliance.Hosting;
using Alliance.Registry.Members;
using JasperFx.Events;
using Contract = Alliance.Contracts.Registry;

namespace Alliance.Registry.Messaging;

/// <summary>The one place where Registry's stored events become the integration contracts other services consume.</summary>
public sealed class RegistryIntegrationEvents : IIntegrationEvents
{
    public object? ToContract(IEvent stored) => stored.Data switch
    {
        MemberAdmitted e => new Contract.MemberAdmitted(e.MemberId, e.Name, e.Kind, e.Tier, e.Country, e.AdmittedAt),
        MemberSuspended e => new Contract.MemberSuspended(e.MemberId, e.Name, e.Kind, e.Tier, e.Country, e.Reason, e.SuspendedAt),
        MemberReinstated e => new Contract.MemberReinstated(e.MemberId, e.Name, e.Kind, e.Tier, e.Country, e.ReinstatedAt),
        MemberCredentialRevoked e => new Contract.MemberCredentialRevoked(e.MemberId, e.ClientId, e.RevokedAt),
        _ => null,
    };
}
