using Alliance.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.Transparency.Service.Log;

/// <summary>
/// The public log (no token needed: anyone may check it). Proof documents use the field names of transparency-dev/merkle's
/// test data (leafIdx, treeSize, root, leafHash, proof; size1, size2, root1, root2, proof), hashes in base64; a receipt adds
/// leaf (its bytes) and checkpoint (the signed note it is proved against), so it verifies offline with the log's key.
/// </summary>
public static class LogEndpoints
{
    public const int MaxEntries = 1000;

    public static WebApplicationBuilder AddTransparencyLog(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new ReadModelSchema("transparency_log", LogSchema.Sql));
        builder.Services.AddSingleton<LogAppender>();
        builder.Services.AddSingleton<LogReader>();
        builder.Services.AddSingleton<CheckpointCache>();
        builder.Services.AddSingleton<LogKeys>();
        builder.Services.AddSingleton<CheckpointSigner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CheckpointSigner>());
        return builder;
    }

    public static RouteGroupBuilder MapTransparencyLog(this RouteGroupBuilder log)
    {
        log.MapGet("/key", async (LogKeys keys, CancellationToken ct) =>
        {
            var signer = await keys.Signer(ct);
            return new LogKey(signer.Name, signer.Verifier.VerifierString, Convert.ToBase64String(signer.Verifier.PublicKey),
                Convert.ToHexString(signer.Verifier.KeyId).ToLowerInvariant(), "ed25519");
        }).WithSummary("The log's public key and its signed-note verifier string");

        // The latest signed checkpoint (or the one of treeSize), with every valid witness cosignature of it appended.
        log.MapGet("/checkpoint", async (LogReader reader, long? treeSize, CancellationToken ct) =>
        {
            await using var db = await reader.Open(ct);
            if (treeSize < 1) throw Invalid("treeSize", "treeSize is a tree size, 1 or more.");
            var checkpoint = (treeSize is { } size ? await reader.Checkpoint(db, (ulong)size) : await reader.Checkpoint(db))
                ?? throw new NotFound(treeSize is null ? "A signed checkpoint" : $"A signed checkpoint of size {treeSize}");
            return Results.Text(await WitnessEndpoints.WithCosignatures(db, checkpoint.TreeSize, checkpoint.Note), "text/plain; charset=utf-8");
        }).WithSummary("The latest signed checkpoint (or the one of treeSize) as a C2SP signed note, with every valid cosignature");

        log.MapGet("/entries", async (LogReader reader, long? start, long? end, CancellationToken ct) =>
        {
            await using var db = await reader.Open(ct);
            var size = await reader.Size(db);
            var from = start ?? 0;
            var to = end ?? Math.Min((long)size, from + MaxEntries);
            if (from < 0) throw Invalid("start", "start is a leaf index, 0 or more.");
            if (to <= from) throw Invalid("end", "end must be greater than start.");
            if (to - from > MaxEntries) throw Invalid("end", $"At most {MaxEntries} entries per request.");
            var entries = await LogReader.Entries(db, (ulong)from, (ulong)Math.Min(to, (long)size));
            return new EntriesPage(size, entries.Select(e => new EntryView(e.Index, e.EventId, e.Leaf, e.LeafHash)).ToList());
        }).WithSummary("Leaves from start to end (at most a page): the leaf bytes and their hashes");

        log.MapGet("/proofs/inclusion", async (LogReader reader, long? leafIndex, long? treeSize, CancellationToken ct) =>
        {
            await using var db = await reader.Open(ct);
            var size = (long)await TreeSize(reader, db, treeSize);
            if (leafIndex is not { } index || index < 0) throw Invalid("leafIndex", "leafIndex is required: a leaf index, 0 or more.");
            if (index >= size) throw Invalid("leafIndex", $"leafIndex must be below treeSize ({size}).");
            var leaf = (await LogReader.Entries(db, (ulong)index, (ulong)index + 1)).Single();
            var proof = await LogReader.Hashes(db, ProofPlan.Inclusion((ulong)index, (ulong)size), ct);
            return new Alliance.Transparency.InclusionProofDocument((ulong)index, (ulong)size, await LogReader.Root(db, (ulong)size, ct), leaf.LeafHash, [.. proof]);
        }).WithSummary("An RFC 6962 inclusion proof of a leaf in a tree of treeSize (the latest signed size by default)");

        log.MapGet("/proofs/consistency", async (LogReader reader, long? first, long? second, CancellationToken ct) =>
        {
            await using var db = await reader.Open(ct);
            var size2 = (long)await TreeSize(reader, db, second, "second");
            if (first is not { } size1 || size1 < 1) throw Invalid("first", "first is required: a tree size, 1 or more.");
            if (size1 > size2) throw Invalid("first", $"first must not exceed second ({size2}).");
            var proof = await LogReader.Hashes(db, ProofPlan.Consistency((ulong)size1, (ulong)size2), ct);
            return new Alliance.Transparency.ConsistencyProofDocument((ulong)size1, (ulong)size2,
                await LogReader.Root(db, (ulong)size1, ct), await LogReader.Root(db, (ulong)size2, ct), [.. proof]);
        }).WithSummary("An RFC 6962 consistency proof between two tree sizes");

        log.MapGet("/receipts/{eventId:guid}", async (LogReader reader, CheckpointCache checkpoints, Guid eventId, HttpContext http, CancellationToken ct) =>
        {
            await using var db = await reader.Open(ct);
            var (receipt, pending) = await Receipts.For(db, checkpoints, eventId, ct);
            if (pending is not null)
            {
                // In the log, not yet under a signed checkpoint: the next one comes within Log:CheckpointIntervalSeconds.
                http.Response.Headers.RetryAfter = "5";
                throw new NotFound($"A signed checkpoint covering event {eventId} (leaf {pending.Index})");
            }
            if (receipt is null) throw new NotFound($"Event {eventId} in the log");
            var entry = receipt.Entry;
            return new ReceiptView(entry.Index, receipt.Checkpoint.TreeSize, entry.LeafHash, receipt.Proof, entry.Leaf, receipt.Checkpoint.Note, eventId);
        }).WithSummary("A receipt of an event: its leaf, the inclusion proof and the signed checkpoint it verifies against, offline");
        return log.MapWitnesses();
    }

    private static async Task<ulong> TreeSize(LogReader reader, Npgsql.NpgsqlConnection db, long? requested, string field = "treeSize")
    {
        var size = await reader.Size(db);
        if (requested is null)
            return (await reader.Checkpoint(db))?.TreeSize is { } signed and > 0 ? signed : throw Invalid(field, $"{field} is required while no checkpoint is signed.");
        if (requested < 1) throw Invalid(field, $"{field} is a tree size, 1 or more.");
        if ((ulong)requested > size) throw Invalid(field, $"{field} must not exceed the log's size ({size}).");
        return (ulong)requested;
    }

    private static ValidationFailed Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

    public sealed record LogKey(string Origin, string VerifierKey, string PublicKey, string KeyId, string Algorithm);

    public sealed record EntryView(ulong Index, Guid EventId, byte[] Leaf, byte[] LeafHash);

    public sealed record EntriesPage(ulong TreeSize, IReadOnlyList<EntryView> Entries);

    public sealed record ReceiptView(ulong LeafIdx, ulong TreeSize, byte[] LeafHash, byte[][] Proof, byte[] Leaf, string Checkpoint, Guid EventId);
}
