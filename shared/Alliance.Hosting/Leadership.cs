using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Alliance.Hosting;

/// <summary>
/// Work done by one instance at a time (docs/scale-out.md): a background worker runs its loop only while this process
/// holds a PostgreSQL session advisory lock named after the worker, taken on a connection of its own. Every instance
/// of the service tries for it every Leadership:PollMilliseconds (5000); the holder checks its connection every
/// Leadership:CheckMilliseconds (2000). When the holder dies its connection goes and PostgreSQL releases the lock at
/// once (kill -9; a host that vanishes is found by TCP keep-alives within about 25 s), so another instance takes over
/// within one poll. When the holder loses its connection it stops the work before anyone else can start it, except
/// across a partition, where the two may overlap for a moment: every worker's effects are therefore still guarded
/// by the event store's optimistic concurrency (a deadline is appended once) or are idempotent (a purge).
/// </summary>
public sealed class Leadership(DatabaseSettings settings, IConfiguration config, ILogger<Leadership> log)
{
    private readonly ConcurrentDictionary<string, bool> _roles = new();

    public TimeSpan PollInterval { get; } = TimeSpan.FromMilliseconds(config.GetValue("Leadership:PollMilliseconds", 5000));
    private TimeSpan CheckInterval { get; } = TimeSpan.FromMilliseconds(config.GetValue("Leadership:CheckMilliseconds", 2000));

    // Instances of different scopes never exclude each other: only the test of two workers racing (a split brain) sets one.
    private readonly string _scope = config["Leadership:Scope"] is { Length: > 0 } scope ? $"{scope}:" : "";

    /// <summary>Each worker this instance runs, and whether it is the one doing it right now (readiness shows it).</summary>
    public IReadOnlyDictionary<string, bool> Roles => _roles;

    /// <summary>
    /// Runs work whenever this instance leads name, until stopping: the token work gets is cancelled when the lead is
    /// lost (the work then returns or throws OperationCanceledException, and this instance waits for the lead again).
    /// </summary>
    public async Task RunWhileLeader(string name, Func<CancellationToken, Task> work, CancellationToken stopping)
    {
        _roles[name] = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var lease = await Acquire(name, stopping);
                using var both = CancellationTokenSource.CreateLinkedTokenSource(lease.Lost, stopping);
                _roles[name] = true;
                log.LogInformation("This instance now runs {Worker}", name);
                try
                {
                    await work(both.Token);
                }
                catch (OperationCanceledException) when (lease.Lost.IsCancellationRequested && !stopping.IsCancellationRequested)
                {
                    log.LogWarning("This instance lost the lead of {Worker} (its database connection failed); another takes over", name);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Leadership of {Worker} failed; trying again", name);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                _roles[name] = false;
            }
            await Task.Delay(PollInterval, stopping).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    private async Task<Lease> Acquire(string name, CancellationToken ct)
    {
        var key = KeyOf(_scope + name);
        while (true)
        {
            var connection = new NpgsqlConnection(LeaseConnectionString(settings.ConnectionString, name));
            try
            {
                await connection.OpenAsync(ct);
                await using var cmd = new NpgsqlCommand("select pg_try_advisory_lock($1)", connection) { Parameters = { new() { Value = key } } };
                if (await cmd.ExecuteScalarAsync(ct) is true) return new Lease(connection, key, CheckInterval);
            }
            catch (NpgsqlException e)
            {
                log.LogDebug(e, "No database for the lead of {Worker}; trying again", name);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
            await connection.DisposeAsync();
            await Task.Delay(PollInterval, ct);
        }
    }

    /// <summary>Unpooled (the lock lives and dies with this one connection), named in pg_stat_activity, kept alive by TCP.</summary>
    internal static string LeaseConnectionString(string connectionString, string name) => new NpgsqlConnectionStringBuilder(connectionString)
    {
        Pooling = false,
        ApplicationName = $"{new NpgsqlConnectionStringBuilder(connectionString).ApplicationName ?? "alliance"} lead:{name}",
        KeepAlive = 5,
        // The server's side of the same: a client that vanished without closing is found within ~25 s and its lock freed.
        Options = "-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3",
    }.ConnectionString;

    /// <summary>A stable 64-bit advisory lock key per worker name (advisory locks are per database, so per service).</summary>
    public static long KeyOf(string name) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"alliance-leader:{name}")), 0);

    private sealed class Lease : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly long _key;
        private readonly CancellationTokenSource _lost = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _watch;

        public Lease(NpgsqlConnection connection, long key, TimeSpan every)
        {
            (_connection, _key) = (connection, key);
            _watch = Watch(every);
        }

        public CancellationToken Lost => _lost.Token;

        // The lead is this connection: the moment it fails, the work stops (PostgreSQL has freed or will free the lock).
        private async Task Watch(TimeSpan every)
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    await Task.Delay(every, _stop.Token);
                    await using var cmd = new NpgsqlCommand("select 1", _connection) { CommandTimeout = Math.Max(1, (int)every.TotalSeconds) };
                    await cmd.ExecuteScalarAsync(_stop.Token);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception)
            {
                await _lost.CancelAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try { await _watch; } catch (OperationCanceledException) { }
            try
            {
                await using var cmd = new NpgsqlCommand("select pg_advisory_unlock($1)", _connection) { Parameters = { new() { Value = _key } } };
                if (!_lost.IsCancellationRequested) await cmd.ExecuteScalarAsync();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // The connection is gone, and the lock with it.
            }
            await _connection.DisposeAsync();
            _lost.Dispose();
            _stop.Dispose();
        }
    }
}

/// <summary>Readiness lists which single-instance workers this instance is running now ("leader") and which it stands by for.</summary>
internal sealed class LeadershipHealthCheck(Leadership leadership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(HealthCheckResult.Healthy("single-instance workers",
            leadership.Roles.OrderBy(r => r.Key).ToDictionary(r => r.Key, r => (object)(r.Value ? "leader" : "standby"))));
}
