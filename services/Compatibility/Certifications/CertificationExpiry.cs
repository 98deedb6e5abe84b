using Alliance.Compatibility.Standards;
using Alliance.Hosting;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Compatibility.Certifications;

/// <summary>
/// Records CertificationExpired when a certification's valid-until passes, and revokes it when a non-conformance
/// was not cured by its deadline, including deadlines that passed while the service was down. Under a later-of rule
/// it first fixes the end once the next version is ratified (CertificationValidityFixed), and expires it in the same
/// pass when that end has passed already. Every row the query selects is one the decision acts on, so no row is
/// selected again and again.
/// </summary>
public sealed class CertificationExpiry(IDocumentStore store, NpgsqlDataSource db, TimeProvider clock, IConfiguration config, ILogger<CertificationExpiry> log,
    Leadership leadership)
    : DeadlineWorker<Certification>(store, db, clock, config, log, leadership)
{
    protected override string DueSql => """
        select c.certification_id from certifications c
         where c.status = 'certified'
           and (c.valid_until <= @now or c.cure_by <= @now
                or (c.valid_until is null and exists (
                      select 1 from standards s
                        join standard_versions own on own.code = s.code and own.version = c.version
                        join standard_versions nxt on nxt.code = s.code and nxt.version <> own.version and nxt.ratified_at > own.ratified_at
                       where s.code = c.standard_code and s.validity->>'kind' = 'later-of')))
         limit 100
        """;

    protected override string IntervalSetting => "Certifications:ExpiryIntervalMs";

    protected override object[] Decide(Certification certification, DateTimeOffset now) =>
        CertificationDecisions.Due(certification, now) is { } ending ? [ending] : [];

    protected override async Task<object[]> DecideAsync(IDocumentSession session, Certification certification, DateTimeOffset now, CancellationToken ct)
    {
        if (certification is not { Status: "certified", ValidUntil: null }) return Decide(certification, now);
        Guid? standardId;
        await using (var connection = await Database.OpenConnectionAsync(ct))
            standardId = await connection.ExecuteScalarAsync<Guid?>("select standard_id from standards where code = @StandardCode", certification);
        var standard = standardId is { } id ? await session.Events.AggregateStreamAsync<Standard>(id, token: ct) : null;
        if (standard is null || CertificationDecisions.FixEnd(certification, standard, now) is not { } fixedEnd) return Decide(certification, now);
        return [fixedEnd, .. Decide(certification.Apply(fixedEnd), now)];
    }
}
