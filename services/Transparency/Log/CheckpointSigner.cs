using Dapper;
using Npgsql;

namespace Alliance.Transparency.Service.Log;

/// <summary>
/// Signs a C2SP checkpoint of the current tree at most every Log:CheckpointIntervalSeconds (5) while leaves keep arriving,
/// on one instance at a time (a transaction-scoped advisory lock). It signs the size and root the appenders committed in
/// log_head, so every checkpoint is a prefix of the next: the log never signs two inconsistent trees.
/// </summary>
public sealed class CheckpointSigner(NpgsqlDataSource db, LogKeys keys, CheckpointCache checkpoints, IConfiguration config, ILogger<CheckpointSigner> log) : BackgroundService
{
    private const long LockKey = 0x7467_6c6f_6763_6b70; // "tglogckp"

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var interval = TimeSpan.FromSeconds(config.GetValue("Log:CheckpointIntervalSeconds", 5.0));
        using var timer = new PeriodicTimer(interval);
        do
        {
            try { await SignIfGrown(ct); }
            catch (Exception e) when (!ct.IsCancellationRequested) { log.LogWarning(e, "Signing a checkpoint failed; retrying next period"); }
        }
        while (await timer.WaitForNextTickAsync(ct));
    }

    public async Task<bool> SignIfGrown(CancellationToken ct)
    {
        var signer = await keys.Signer(ct);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await connection.ExecuteScalarAsync<bool>("select pg_try_advisory_xact_lock(@LockKey)", new { LockKey }, tx)) return false;
        var head = await connection.QuerySingleAsync<(long Size, byte[] Root)>("select tree_size, root from log_head where id = 1", transaction: tx);
        var last = await connection.ExecuteScalarAsync<long?>("select max(tree_size) from log_checkpoints", transaction: tx);
        if (last is { } l && l >= head.Size) return false;
        var note = SignedNote.Sign(new Checkpoint(signer.Name, (ulong)head.Size, head.Root).Body, signer);
        await connection.ExecuteAsync("insert into log_checkpoints (tree_size, root, note) values (@Size, @Root, @note)",
            new { head.Size, head.Root, note }, tx);
        await tx.CommitAsync(ct);
        checkpoints.Offer(new LogReader.LatestCheckpoint((ulong)head.Size, head.Root, note)); // committed: receipts may cite it now
        log.LogInformation("Signed checkpoint of {Size} leaves", head.Size);
        return true;
    }
}
