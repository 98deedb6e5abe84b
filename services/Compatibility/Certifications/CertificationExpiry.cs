using Alliance.Hosting;
using Marten;
using Npgsql;

namespace Alliance.Compatibility.Certifications;

/// <summary>
/// Records CertificationExpired when a certification's valid-until passes, and revokes it when a
/// non-conformance was not cured by its deadline, including deadlines that passed while the service was down.
/// </summary>
public sealed class CertificationExpiry(IDocumentStore store, NpgsqlDataSource db, TimeProvider clock, IConfiguration config, ILogger<CertificationExpiry> log)
    : DeadlineWorker<Certification>(store, db, clock, config, log)
{
    protected override string DueSql =>
        "select certification_id from certifications where status = 'certified' and (valid_until <= @now or cure_by <= @now) limit 100";
    protected override string IntervalSetting => "Certifications:ExpiryIntervalMs";

    protected override object[] Decide(Certification certification, DateTimeOffset now) =>
        CertificationDecisions.Due(certification, now) is { } ending ? [ending] : [];
}
