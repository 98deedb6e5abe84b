using Alliance.Hosting;
using Marten;
using Npgsql;

namespace Alliance.Compatibility.Certifications;

/// <summary>
/// When a prerequisite lapses (a base certification revoked, expired or itself lapsed), every certification of
/// the same product that depends on it lapses too, with the reason; repeated until nothing more is due, so
/// chains of prerequisites follow.
/// </summary>
public sealed class PrerequisiteLapse(IDocumentStore store, NpgsqlDataSource db, TimeProvider clock, IConfiguration config, ILogger<PrerequisiteLapse> log,
    Leadership leadership)
    : DeadlineWorker<Certification>(store, db, clock, config, log, leadership)
{
    protected override string DueSql => """
        select c.certification_id from certifications c
          join standard_versions sv on sv.code = c.standard_code and sv.version = c.version
          cross join lateral jsonb_array_elements(sv.prerequisites) p
         where c.status = 'certified'
           and not exists (select 1 from certifications d
                            where d.product_id = c.product_id and d.standard_code = p->>'standardCode'
                              and (p->>'version' is null or d.version = p->>'version')
                              and d.status = 'certified' and (d.valid_until is null or d.valid_until > @now))
         limit 100
        """;

    protected override string IntervalSetting => "Certifications:LapseIntervalMs";

    protected override object[] Decide(Certification certification, DateTimeOffset now) =>
        certification.Status == "certified"
            ? [new CertificationLapsed(certification.Id, "A prerequisite certification of this product is no longer valid.", now)]
            : [];
}
