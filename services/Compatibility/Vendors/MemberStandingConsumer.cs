using Alliance.Hosting;
using Alliance.Membership;

namespace Alliance.Compatibility.Vendors;

/// <summary>Compatibility's copy of each member's standing and the revoked clients, from Registry's messages (queue
/// "compatibility-member-standing"); it answers the token check through MemberStandingTable.</summary>
public sealed class MemberStandingConsumer(ProcessedMessages processed) : MemberStandingRecorder(processed);
