namespace Alliance.Hosting;

/// <summary>
/// The one question the plumbing asks about membership, on every authenticated request: is this token's member out of
/// good standing (suspended, withdrawn, expelled) or its client revoked? Each service answers from its own table:
/// Registry from its directory and credentials, the others from what they record of Registry's messages (ADR 0007).
/// </summary>
public interface IMemberStanding
{
    Task<bool> Refuses(Guid? memberId, string clientId, CancellationToken ct);
}
