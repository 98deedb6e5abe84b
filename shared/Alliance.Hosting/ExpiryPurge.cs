using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Alliance.Hosting;

/// <summary>Rows of a table that are deleted once they are older than Age: Sql deletes with $1 = the cut-off time.</summary>
public sealed record Expiry(string Name, string Sql, TimeSpan Age);

/// <summary>
/// Deletes expired rows (idempotency keys after 24 hours, failed sign-ins after their window, …) every
/// Purge:IntervalSeconds (300). The cut-off comes from TimeProvider, so a test clock moves it. Only one
/// instance runs the passes (Leadership); a pass also takes a transaction-scoped advisory lock, so a pass started
/// by hand (RunOnce) never runs beside another.
/// </summary>
public sealed class ExpiryPurge(NpgsqlDataSource db, IEnumerable<Expiry> expiries, TimeProvider clock, IConfiguration config, ILogger<ExpiryPurge> log,
    Leadership leadership)
    : BackgroundService
{
    private const long LockId = 0x616c6c69616e6365; // "alliance"

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => leadership.RunWhileLeader(nameof(ExpiryPurge), Passes, stoppingToken);

    private async Task Passes(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(config.GetValue("Purge:IntervalSeconds", 300));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnce(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Purge of expired rows failed; retrying in {Interval}", every);
            }
            await Task.Delay(every, clock, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    /// <summary>One pass: every registered expiry, in one transaction; false when another instance holds the lock.</summary>
    public async Task<bool> RunOnce(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var lockCmd = new NpgsqlCommand("select pg_try_advisory_xact_lock($1)", connection, tx) { Parameters = { new() { Value = LockId } } })
            if (await lockCmd.ExecuteScalarAsync(ct) is not true) return false;
        var now = clock.GetUtcNow();
        foreach (var expiry in expiries)
        {
            await using var cmd = new NpgsqlCommand(expiry.Sql, connection, tx) { Parameters = { new() { Value = now - expiry.Age } } };
            var deleted = await cmd.ExecuteNonQueryAsync(ct);
            if (deleted > 0) log.LogInformation("Purged {Count} expired rows of {Name}", deleted, expiry.Name);
        }
        await tx.CommitAsync(ct);
        return true;
    }
}
