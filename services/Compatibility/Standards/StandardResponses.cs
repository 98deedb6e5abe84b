namespace Alliance.Compatibility.Standards;

// What the standard commands answer, as named types so that a client generated from the OpenAPI document has them.

public sealed record NewStandard(string Code, Guid StandardId);

/// <summary>A line of the catalogue (GET /standards); LatestRatified: the newest ratified version, if any. Read by Dapper in the SELECT's order.</summary>
public sealed record StandardSummary(string Code, string Title, Guid CommitteeId, string Kind, string? LatestRatified);

public sealed record NewStandardVersion(string Code, string Version, string Status);

/// <summary>A request sent to Governance for a ballot (ratification or withdrawal); the version's status until the decision arrives.</summary>
public sealed record VersionBallotRequest(string Code, string Version, Guid RequestId, string Status);
