using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace Alliance.Hosting;

/// <summary>
/// Crypto-shredding. A person's data in an event (a contact e-mail, a signatory's or maintainer's name) is stored
/// sealed: "pd1:{subject}:{base64(nonce | tag | AES-256-GCM ciphertext)}", under a key of that person (the subject)
/// kept outside the event store, in personal_data_keys, itself encrypted by Data Protection. Read models hold the
/// same sealed strings and open them when read. Erasure deletes the key: every event, read model, history and export
/// then shows "[erased]", with no event rewritten, so old row versions, WAL and backups hold only ciphertext.
/// A value without the prefix is clear text written before this existed; it is shown as it is (and erased in place).
/// </summary>
public sealed class PersonalData(NpgsqlDataSource db, IDataProtectionProvider protection)
{
    public const string Erased = "[erased]";
    private const string Prefix = "pd1:";

    public static readonly ReadModelSchema Schema = new("personal_data_keys", """
        create table if not exists personal_data_keys (
            subject_id uuid primary key,
            protected_key bytea not null,
            created_at timestamptz not null default now())
        """);

    private readonly IDataProtector _protector = protection.CreateProtector("Alliance.PersonalData.v1");

    public static bool IsSealed(string? value) => value?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    /// <summary>The value sealed under the subject's key (made on first use); null and "" stay as they are.</summary>
    public async Task<string?> Seal(Guid subject, string? value, CancellationToken ct) =>
        string.IsNullOrEmpty(value) || IsSealed(value) ? value : (await SealerFor([subject], ct)).Seal(subject, value);

    /// <summary>
    /// The value sealed under a fresh key for a subject this command creates (the stream it starts), the key's row queued
    /// into the command's own session: key and events commit in one transaction. Through <see cref="Seal"/> the key was
    /// its own commit before the command's, and that second commit per command cost P1 about half a millisecond of
    /// PostgreSQL's CPU (docs/benchmarks.md, "P1: where the command path's CPU goes"). A plain insert, no "on conflict":
    /// should the subject already hold a key, the unique violation rolls the whole command back rather than keep events
    /// sealed under a key that was not stored. A command that fails leaves no key behind. Null and "" stay as they are.
    /// </summary>
    public string? SealForNewSubject(Marten.IDocumentSession session, Guid subject, string? value)
    {
        if (string.IsNullOrEmpty(value) || IsSealed(value)) return value;
        var key = NewKey();
        session.QueueSqlCommand("insert into personal_data_keys (subject_id, protected_key) values (?, ?)", subject, _protector.Protect(key));
        return new Sealer(new Dictionary<Guid, byte[]> { [subject] = key }).Seal(subject, value);
    }

    /// <summary>A sealer holding these subjects' keys (made where missing), for sealing inside a synchronous decision.</summary>
    public async Task<Sealer> SealerFor(IEnumerable<Guid> subjects, CancellationToken ct)
    {
        var keys = new Dictionary<Guid, byte[]>();
        foreach (var subject in subjects.Distinct()) keys[subject] = await KeyOf(subject, ct);
        return new Sealer(keys);
    }

    public sealed class Sealer(IReadOnlyDictionary<Guid, byte[]> keys)
    {
        /// <summary>Opens what this sealer sealed, with the keys it already holds (no second read of them).</summary>
        public Opener Opener() => new(keys);

        public string? Seal(Guid subject, string? value)
        {
            if (string.IsNullOrEmpty(value) || IsSealed(value)) return value;
            var key = keys.TryGetValue(subject, out var k) ? k : throw new InvalidOperationException($"No key was loaded for {subject}.");
            var plain = Encoding.UTF8.GetBytes(value);
            var nonce = RandomNumberGenerator.GetBytes(12);
            var (cipher, tag) = (new byte[plain.Length], new byte[16]);
            // The subject is authenticated with the text, so a sealed value cannot be passed off as another person's.
            using (var aes = new AesGcm(key, 16)) aes.Encrypt(nonce, plain, cipher, tag, subject.ToByteArray());
            return $"{Prefix}{subject:N}:{Convert.ToBase64String([.. nonce, .. tag, .. cipher])}";
        }
    }

    /// <summary>An opener for these values: their subjects' keys, loaded in one query.</summary>
    public async Task<Opener> For(IEnumerable<string?> values, CancellationToken ct)
    {
        var subjects = values.Select(Subject).OfType<Guid>().Distinct().ToArray();
        var keys = new Dictionary<Guid, byte[]>();
        if (subjects.Length == 0) return new Opener(keys);
        await using var cmd = db.CreateCommand("select subject_id, protected_key from personal_data_keys where subject_id = any($1)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = subjects });
        await using var row = await cmd.ExecuteReaderAsync(ct);
        while (await row.ReadAsync(ct)) keys[row.GetGuid(0)] = _protector.Unprotect((byte[])row[1]);
        return new Opener(keys);
    }

    /// <summary>An opener for every sealed string anywhere in these JSON documents.</summary>
    public Task<Opener> For(IEnumerable<JsonNode?> documents, CancellationToken ct) => For(documents.SelectMany(Strings), ct);

    /// <summary>Whether a key is held for the subject, i.e. there is sealed data of theirs that erasure would shred.</summary>
    public async Task<bool> Holds(Guid subject, CancellationToken ct)
    {
        await using var find = db.CreateCommand("select 1 from personal_data_keys where subject_id = $1");
        find.Parameters.Add(new NpgsqlParameter { Value = subject });
        return await find.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>Deletes the subject's key: what was sealed under it is unreadable from now on. Vacuums the key table so the
    /// deleted row's old version leaves its pages too.</summary>
    public async Task Erase(Guid subject, CancellationToken ct)
    {
        await using (var delete = db.CreateCommand("delete from personal_data_keys where subject_id = $1"))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = subject });
            await delete.ExecuteNonQueryAsync(ct);
        }
        await using var vacuum = db.CreateCommand("vacuum personal_data_keys");
        await vacuum.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A stable subject id for a person known by a handle (a maintainer, an individual CLA signatory).</summary>
    public static Guid PersonByHandle(string handle) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes("alliance-person:" + handle.Trim().TrimStart('@').ToLowerInvariant()))[..16]);

    private async Task<byte[]> KeyOf(Guid subject, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            // Insert-or-read in one statement; a concurrent first insert is not visible to it, hence the second try.
            await using var cmd = db.CreateCommand("""
                with made as (insert into personal_data_keys (subject_id, protected_key) values ($1, $2) on conflict (subject_id) do nothing returning protected_key)
                select protected_key from made union all select protected_key from personal_data_keys where subject_id = $1 limit 1
                """);
            cmd.Parameters.Add(new NpgsqlParameter { Value = subject });
            cmd.Parameters.Add(new NpgsqlParameter { Value = _protector.Protect(NewKey()) });
            if (await cmd.ExecuteScalarAsync(ct) is byte[] stored) return _protector.Unprotect(stored);
            if (attempt > 2) throw new InvalidOperationException($"No personal-data key could be made for {subject}.");
        }
    }

    /// <summary>A subject's key: 256 bits for AES-256-GCM.</summary>
    private static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    private static Guid? Subject(string? value) =>
        IsSealed(value) && value!.Length > Prefix.Length + 33 && Guid.TryParseExact(value.AsSpan(Prefix.Length, 32), "N", out var subject) ? subject : null;

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    /// <summary>Opens sealed values with the keys it holds; a value whose key is gone reads "[erased]".</summary>
    public sealed class Opener(IReadOnlyDictionary<Guid, byte[]> keys)
    {
        public string? Open(string? value)
        {
            if (!IsSealed(value)) return value;
            if (Subject(value) is not { } subject || !keys.TryGetValue(subject, out var key)) return Erased;
            var blob = Convert.FromBase64String(value![(Prefix.Length + 33)..]);
            var plain = new byte[blob.Length - 28];
            using var aes = new AesGcm(key, 16);
            aes.Decrypt(blob.AsSpan(0, 12), blob.AsSpan(28), blob.AsSpan(12, 16), plain, subject.ToByteArray());
            return Encoding.UTF8.GetString(plain);
        }

        /// <summary>Replaces every sealed string in the document by its clear text (or "[erased]"), in place.</summary>
        public void Reveal(JsonNode? node)
        {
            if (node is JsonObject o)
                foreach (var name in o.Select(p => p.Key).ToList())
                {
                    if (SealedIn(o[name]) is { } s) o[name] = Open(s);
                    else Reveal(o[name]);
                }
            else if (node is JsonArray a)
                for (var i = 0; i < a.Count; i++)
                {
                    if (SealedIn(a[i]) is { } s) a[i] = Open(s);
                    else Reveal(a[i]);
                }
        }

        private static string? SealedIn(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && IsSealed(s) ? s : null;
    }
}
