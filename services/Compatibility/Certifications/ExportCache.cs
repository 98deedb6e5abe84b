using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace Alliance.Compatibility.Certifications;

/// <summary>
/// Finished exports kept as files, keyed by (the query, the last event of this service, the vendor directory's
/// last change): the same question asked again of the same data is answered from disk, without a query, and an
/// event or a vendor change (on any instance: both come from the database) makes a new key. An export as of now
/// is also kept only 10 seconds, the max-age it announces, since validities end with the clock alone. At most
/// Matrix:ExportCacheFiles files (default 64), the oldest deleted first; the disk, not the heap, holds them.
/// </summary>
public sealed class ExportCache : IDisposable
{
    private static readonly TimeSpan LiveFor = TimeSpan.FromSeconds(10);
    private readonly string _directory;
    private readonly int _files;
    private readonly TimeProvider _clock;
    private readonly bool _own;

    public sealed record Entry(string Path, string ETag, DateTimeOffset AsOf);

    public ExportCache(IConfiguration config, TimeProvider clock)
    {
        _own = config["Matrix:ExportCacheDirectory"] is not { Length: > 0 };
        _directory = _own ? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"alliance-matrix-exports-{Environment.ProcessId}")
            : config["Matrix:ExportCacheDirectory"]!;
        _files = config.GetValue("Matrix:ExportCacheFiles", 64);
        _clock = clock;
        Directory.CreateDirectory(_directory);
        foreach (var stale in Directory.EnumerateFiles(_directory)) File.Delete(stale);
    }

    // The data an export depends on: every event of this service, and the vendor directory (names, suspensions).
    private static async Task<string> Stamp(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var (events, vendors) = await connection.QuerySingleAsync<(long, long)>(new CommandDefinition("""
            select (select coalesce(max(seq_id), 0) from mt_events), (select count(*) from processed_messages where consumer = 'vendor-directory')
            """, cancellationToken: ct));
        return $"{events}.{vendors}";
    }

    private string PathOf(string key, string stamp) =>
        System.IO.Path.Combine(_directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{stamp}\n{key}")))[..32]);

    /// <summary>The kept export for this query and the current data, if there is one (and, for a live one, still young).</summary>
    public async Task<Entry?> Find(NpgsqlDataSource db, string key, bool live, CancellationToken ct)
    {
        var path = PathOf(key, await Stamp(db, ct));
        var info = new FileInfo(path);
        if (!info.Exists || live && _clock.GetUtcNow() - info.LastWriteTimeUtc > LiveFor) return null;
        try
        {
            // The instant the export was taken as of: stored beside it, so the file name and headers say the same.
            var asOf = DateTimeOffset.Parse(await File.ReadAllTextAsync(path + ".as-of", ct), System.Globalization.CultureInfo.InvariantCulture);
            return new Entry(path, ETagOf(path), asOf);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Writes the export to a file of its own, then puts it in place in one rename: a reader never sees half a file.</summary>
    public async Task<Entry> Store(NpgsqlDataSource db, string key, Func<Stream, Task<DateTimeOffset>> write, CancellationToken ct)
    {
        var path = PathOf(key, await Stamp(db, ct));
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            DateTimeOffset asOf;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
                asOf = await write(file);
            await File.WriteAllTextAsync(path + ".as-of", asOf.ToString("O"), ct);
            File.Move(temporary, path, overwrite: true);
            Trim();
            return new Entry(path, ETagOf(path), asOf);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    // The file's name (query and data) and its write time: a live export taken again 10 s later is another version.
    private static string ETagOf(string path) => $"\"{System.IO.Path.GetFileName(path)}-{File.GetLastWriteTimeUtc(path).Ticks:x}\"";

    private void Trim()
    {
        var kept = new DirectoryInfo(_directory).GetFiles().Where(f => f.Extension.Length == 0).OrderByDescending(f => f.LastWriteTimeUtc).Skip(_files);
        foreach (var old in kept)
            try { old.Delete(); File.Delete(old.FullName + ".as-of"); } catch (IOException) { /* being sent right now: the next trim takes it */ }
    }

    /// <summary>At a clean shutdown the process's own temp folder goes with it (a configured one keeps its files).</summary>
    public void Dispose()
    {
        try { if (_own) Directory.Delete(_directory, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* the temp folder's own cleanup takes what is left */ }
    }
}
