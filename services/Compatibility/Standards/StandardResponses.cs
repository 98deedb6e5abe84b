namespace Alliance.Compatibility.Standards;

// What the standard commands answer, as named types so that a client generated from the OpenAPI document has them.

public sealed record NewStandard(string Code, Guid StandardId);

public sealed record NewStandardVersion(string Code, string Version, string Status);

/// <summary>A request sent to Governance for a ballot (ratification or withdrawal); the version's status until the decision arrives.</summary>
public sealed record VersionBallotRequest(string Code, string Version, Guid RequestId, string Status);
