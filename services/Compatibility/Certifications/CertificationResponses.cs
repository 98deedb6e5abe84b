namespace Alliance.Compatibility.Certifications;

/// <summary>A line of GET /certifications (the status as stored; GET /matrix says what it means as of an instant). Read by Dapper in the SELECT's order.</summary>
public sealed record CertificationSummary(Guid CertificationId, Guid ProductId, string Standard, string Version, string ProductVersion, string Status);
