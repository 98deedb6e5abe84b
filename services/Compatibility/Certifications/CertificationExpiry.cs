using Dapper;
using JasperFx;
using Marten;
using Npgsql;

namespace Alliance.Compatibility.Certifications;

/// <summary>
/// Records CertificationExpired when a certification's valid-until passes, and revokes it when a
/// non-conformance was not cured by its deadline, including deadlines that passed while the service was down.
/// </summary>
public sealed class CertificationExpiry(IDocumentStore store, NpgsqlDataSource db, TimeProvider clock, IConfiguration config, ILogger<CertificationExpiry> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromMilliseconds(config.GetValue("Certifications:ExpiryIntervalMs", 5000));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(stoppingToken);
                var due = await connection.QueryAsync<Guid>(
                    "select certification_id from certifications where status = 'certified' and (valid_until <= @now or cure_by <= @now) limit 100",
                    new { now = clock.GetUtcNow() });
                foreach (var id in due)
                {
                    await using var session = store.LightweightSession();
                    session.LastModifiedBy = "schedule";
                    var stream = await session.Events.FetchForWriting<Certification>(id, stoppingToken);
                    if (stream.Aggregate is not { } certification || CertificationDecisions.Due(certification, clock.GetUtcNow()) is not { } ending) continue;
                    stream.AppendOne(ending);
                    try { await session.SaveChangesAsync(stoppingToken); }
                    catch (ConcurrencyException) { /* changed meanwhile: the next pass looks again */ }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Expiring certifications failed; retrying");
            }
            await Task.Delay(every, clock, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }
}
