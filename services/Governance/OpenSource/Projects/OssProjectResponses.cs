namespace Alliance.Governance.OpenSource.Projects;

// What the project commands answer, as named types so that a client generated from the OpenAPI document has them.

public sealed record OssProjectProposal(Guid ProjectId, string Stage, string Licence);

/// <summary>The ballot a stage change opened, with its rule profile and closing time.</summary>
public sealed record StageChangeBallot(Guid BallotId, string From, string To, string Profile, DateTimeOffset ClosesAt);
