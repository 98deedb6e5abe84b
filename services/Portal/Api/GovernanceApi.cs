namespace Alliance.Portal.Api;

/// <summary>Governance's public API: decisions, ballots and votes, committees, open source and licence checks.</summary>
public sealed class GovernanceApi(HttpClient http) : ServiceApi(http)
{
    public Task<PageOf<Decision>> Decisions(int page, int pageSize, CancellationToken ct) => Get<PageOf<Decision>>($"/decisions?page={page}&pageSize={pageSize}", ct);

    public Task<PageOf<BallotRow>> Ballots(string? status, int pageSize, CancellationToken ct) => Get<PageOf<BallotRow>>($"/ballots?{Query(("status", status))}&pageSize={pageSize}", ct);

    public Task<BallotDetail?> Ballot(Guid id, CancellationToken ct) => Find<BallotDetail>($"/ballots/{id}", ct);

    public Task<List<Vote>> Votes(Guid id, CancellationToken ct) => Get<List<Vote>>($"/ballots/{id}/votes", ct);

    public Task CastVote(Guid id, string? position, string? reason, CancellationToken ct) => Send(HttpMethod.Post, $"/ballots/{id}/votes", new { position, reason }, ct);

    public Task Close(Guid id, CancellationToken ct) => Send(HttpMethod.Post, $"/ballots/{id}/closure", null, ct);

    public Task<PageOf<CommitteeRow>> Committees(CancellationToken ct) => Get<PageOf<CommitteeRow>>("/committees?pageSize=200", ct);

    public Task OpenBallot(Guid? committeeId, string? title, string? question, string? profile, DateTimeOffset? closesAt, CancellationToken ct) =>
        Send(HttpMethod.Post, "/ballots", new { committeeId, title, question, profile, closesAt, subjectKind = "generic" }, ct);

    public Task<Landscape> Landscape(CancellationToken ct) => Get<Landscape>("/landscape", ct);

    public Task<LicenceCheck> CheckLicence(string? expression, CancellationToken ct) => Send<LicenceCheck>(HttpMethod.Post, "/licence-checks", new { expression }, ct);
}
