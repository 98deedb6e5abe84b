using System.Text.Json;

namespace Alliance.Portal.Api;

// The shapes the pages read from the services' public APIs (only the fields a page shows).

public sealed record PageOf<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total)
{
    public int Pages => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record HistoryEntry(long Version, string Type, DateTimeOffset? OccurredAt, DateTimeOffset RecordedAt, string? Actor, JsonElement Data, Guid? EventId = null);

// Compatibility
public sealed record MatrixPage(IReadOnlyList<MatrixRow> Items, int Page, int PageSize, long Total, DateTimeOffset AsOf)
{
    public int Pages => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record MatrixRow(Guid CertificationId, Guid ProductId, string ProductName, string? ProductNameZh, string ProductType, Guid VendorId, string? VendorName,
    string ProductVersion, string Standard, string Version, string Status, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil);

public sealed record Vendor(Guid MemberId, string Name, string? Status);

public sealed record ProductPage(ProductInfo Product, IReadOnlyList<CertificationSummary> Certifications);

public sealed record ProductInfo(Guid ProductId, Guid VendorId, string? VendorName, string Name, string? NameZh, string[]? FormerNames, string Type, string? Website);

public sealed record ProductListItem(Guid ProductId, Guid VendorId, string Name, string? NameZh, string Type);

public sealed record CertificationSummary(Guid CertificationId, string Standard, string Version, string ProductVersion, string Status,
    DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil, DateTimeOffset? EndedAt, string[]? ChecksFailed);

public sealed record StandardSummary(string Code, string Title, Guid CommitteeId, string? LatestRatified, string? Kind = null);

public sealed record Requirement(string Id, string Level, string Text);

/// <summary>Why Governance could not open the ballot a request asked for (Kind, for standards: ratification or withdrawal).</summary>
public sealed record RequestRefusal(Guid RequestId, string? Kind, string Rule, string Reason, DateTimeOffset RefusedAt);

public sealed record StandardVersion(string Version, IReadOnlyList<Requirement> Requirements, string Status, DateTimeOffset? RatifiedAt, string? SupersededBy,
    RequestRefusal? LastRefusal = null, EvaluationSuite? Evaluation = null);

public sealed record StandardDetail(string Code, string Title, Guid CommitteeId, string[]? Certifiable, IReadOnlyList<StandardVersion> Versions);

public sealed record ChangedRequirement(string Id, Requirement Before, Requirement After);

public sealed record StandardDiff(string Code, string From, string To, IReadOnlyList<Requirement> Added, IReadOnlyList<Requirement> Removed, IReadOnlyList<ChangedRequirement> Changed);

public sealed record SubmittedCertification(Guid CertificationId, string Status, string[]? ChecksFailed);

// Governance
public sealed record Subject(string Kind, string Service, string Reference, string? Title);

public sealed record Decision(Guid DecisionId, Guid BallotId, Guid CommitteeId, string Title, Subject Subject, string Outcome, bool Approved, string Explanation,
    JsonElement Tally, DateTimeOffset DecidedAt, string? ExplanationLanguage, Guid? Corrects = null, Guid? CorrectedBy = null, Guid? EventId = null);

public sealed record BallotRow(Guid BallotId, Guid CommitteeId, string Title, string SubjectKind, string Profile, string Status, string? Outcome,
    DateTimeOffset OpensAt, DateTimeOffset ClosesAt);

public sealed record BallotPosition(string Position, string Category, bool ReasonRequired);

public sealed record Voter(Guid MemberId, bool Binding);

public sealed record BallotDetail(Guid BallotId, Guid CommitteeId, string Title, string Question, Subject Subject, string Profile, string Status,
    DateTimeOffset OpenedAt, DateTimeOffset ClosesAt, bool Secret, IReadOnlyList<BallotPosition> Positions, IReadOnlyList<Voter> Electorate,
    JsonElement? Tally, string? Outcome, string? Explanation, string? ExplanationLanguage);

public sealed record Vote(Guid MemberId, string Position, string? Reason, bool Binding);

public sealed record CommitteeRow(Guid CommitteeId, string Name, string Purpose, string DefaultProfile);

public sealed record LandscapeProject(Guid ProjectId, string Name, string Licence, string LicenceCategory, string SponsorName, string[] Organisations);

public sealed record Landscape(IReadOnlyDictionary<string, IReadOnlyList<LandscapeProject>> Stages);

public sealed record LicenceIssue(int Position, string Token, string Message, string? Code = null, string? Hint = null);

public sealed record TermVerdict(string Term, string Category, string Reason);

public sealed record LicenceCheck(string Expression, string? Normalized, bool Valid, string? Category, string? ApacheCategory, string? DecidingTerm,
    string Explanation, IReadOnlyList<TermVerdict> Terms, IReadOnlyList<LicenceIssue> Errors, IReadOnlyList<LicenceIssue> Warnings, long PolicyVersion,
    string? ExplanationLanguage);

// Registry
public sealed record MemberRow(Guid MemberId, string Name, string? NameZh, string Kind, string Country, string? Tier, string Status, DateTimeOffset? AppliedAt,
    DateTimeOffset? AdmittedAt = null, string? Website = null);

public sealed record Budget(decimal Amount, string Currency);

public sealed record ProjectRow(Guid ProjectId, string Title, string Summary, string[] ResearchAreas, Guid LeadMemberId, string Status,
    DateOnly PlannedStart, DateOnly PlannedEnd, Budget? Budget, string IpPolicy, long Organisations, long OverdueMilestones);

public sealed record Partner(Guid MemberId, string Role, string Consent);

public sealed record Milestone(Guid MilestoneId, string Title, DateOnly Due, string Deliverable, DateOnly? CompletedOn, string? EvidenceUrl, bool Overdue);

public sealed record ProjectDetail(ProjectRow Project, IReadOnlyList<Partner> Partners, IReadOnlyList<Milestone> Milestones, RequestRefusal? ApprovalRefusal = null);
