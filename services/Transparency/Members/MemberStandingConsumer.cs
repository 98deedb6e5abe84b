using Alliance.Hosting;
using Alliance.Membership;

namespace Alliance.Transparency.Service.Members;

/// <summary>Transparency's copy of each member's standing and the revoked clients, from Registry's messages (queue
/// "transparency-member-standing"); it answers the token check through MemberStandingTable.</summary>
public sealed class MemberStandingConsumer(ProcessedMessages processed) : MemberStandingRecorder(processed);
