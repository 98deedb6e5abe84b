using Alliance.Hosting;
using Alliance.Membership;

namespace Alliance.Notifications.Members;

/// <summary>Notifications's copy of each member's standing and the revoked clients, from Registry's messages (queue
/// "notifications-member-standing"); it answers the token check through MemberStandingTable.</summary>
public sealed class MemberStandingConsumer(ProcessedMessages processed) : MemberStandingRecorder(processed);
