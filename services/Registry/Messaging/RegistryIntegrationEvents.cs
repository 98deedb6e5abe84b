using Alliance.Hosting;
using Alliance.Registry.Members;
using Alliance.Registry.Projects;
using JasperFx.Events;
using Contract = Alliance.Contracts.Registry;

namespace Alliance.Registry.Messaging;

/// <summary>The one place where Registry's stored events become the integration contracts other services consume.</summary>
public sealed class RegistryIntegrationEvents(IConfiguration config) : IIntegrationEvents
{
    public object? ToContract(IEvent stored) => stored.Data switch
    {
        MemberAdmitted e => new Contract.MemberAdmitted(e.MemberId, e.Name, e.Kind, e.Tier, e.Country, e.AdmittedAt),
        MemberTierChanged e => new Contract.MemberTierChanged(e.MemberId, e.Name, e.Kind, e.Tier, e.Country, e.ChangedAt),
        MemberRenamed e => new Contract.MemberRenamed(e.MemberId, e.Name, e.Kind, e.Tier ?? "", e.Country, e.RenamedAt),
        MemberSuspended e => new Contract.MemberSuspended(e.MemberId, e.Name, e.Kind, e.Tier, e.Country, e.Reason, e.SuspendedAt),
        MemberReinstated e => new Contract.MemberReinstated(e.MemberId, e.Name, e.Kind, e.Tier, e.Country, e.ReinstatedAt),
        MemberWithdrew e => new Contract.MemberWithdrew(e.MemberId, e.Name, e.Kind, e.Tier, e.Country, e.Reason, e.WithdrewAt),
        MemberExpelled e => new Contract.MemberExpelled(e.MemberId, e.Name, e.Kind, e.Tier, e.Country, $"Decision {e.DecisionId}", e.ExpelledAt),
        MemberCredentialRevoked e => new Contract.MemberCredentialRevoked(e.MemberId, e.ClientId, e.RevokedAt),
        MemberExpulsionRequested e => new Contract.BallotRequested(e.RequestId, "registry", "member-expulsion", e.MemberId.ToString(), $"Expel {e.Name}",
            config.GetValue<Guid?>("Members:ExpulsionCommitteeId"), config["Members:ExpulsionCommitteePurpose"] ?? "general", config["Members:ExpulsionProfile"],
            $"Expel {e.Name} from the alliance? Reason: {e.Reason}", null, e.RequestedBy, e.RequestedAt),
        ProjectSubmittedForApproval e => new Contract.BallotRequested(e.RequestId, "registry", "project-approval", e.ProjectId.ToString(), e.Title,
            e.CommitteeId, e.CommitteePurpose, e.RuleProfile, $"Approve the joint project \"{e.Title}\"?", null, e.RequestedBy, e.SubmittedAt),
        _ => null,
    };
}
