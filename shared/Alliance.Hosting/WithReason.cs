namespace Alliance.Hosting;

/// <summary>The body of a command whose only input is why (revoke, cancel, withdraw): one shape for every service.</summary>
public sealed record WithReason(string? Reason);
