using Alliance.Contracts.Log;
using Alliance.Testing;
using Alliance.Transparency.Service.Log;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Alliance.Transparency.Tests;

/// <summary>
/// Receipts from the service's own classes on a real PostgreSQL, as two instances of the service sharing one log: each
/// with its appender, signer and checkpoint cache. A receipt verifies offline with the log's key (RFC 6962 inclusion
/// against the signed root), and never cites a checkpoint that does not include its leaf, even when the checkpoint held
/// in memory is older than the leaf because the other instance appended and signed since.
/// </summary>
public sealed class ReceiptTests : IAsyncLifetime
{
    private readonly TestServers servers = new();
    private readonly IDataProtectionProvider protection = new EphemeralDataProtectionProvider();
    private readonly IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Log:Origin"] = "receipts.test/log" }).Build();
    private NpgsqlDataSource db = null!;

    private sealed record Instance(LogAppender Appender, CheckpointCache Checkpoints, CheckpointSigner Signer);

    public async Task InitializeAsync()
    {
        await servers.InitializeAsync();
        db = NpgsqlDataSource.Create(servers.ConnectionString("transparency"));
        await using var schema = db.CreateCommand(LogSchema.Sql);
        await schema.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await db.DisposeAsync();
        await servers.DisposeAsync();
    }

    private Instance Start()
    {
        var checkpoints = new CheckpointCache(new LogReader(db), config);
        return new Instance(new LogAppender(db, NullLogger<LogAppender>.Instance), checkpoints,
            new CheckpointSigner(db, new LogKeys(db, protection, config), checkpoints, config, NullLogger<CheckpointSigner>.Instance));
    }

    private static List<EventRecorded> Events(int count) => Enumerable.Range(0, count)
        .Select(i => new EventRecorded("test", $"stream-{i}", 1, Guid.CreateVersion7(), "tested", DateTimeOffset.UtcNow, LogLeaf.DataHash($"{{\"i\":{i}}}"))).ToList();

    private async Task<NoteVerifier> LogKey() => (await new LogKeys(db, protection, config).Signer()).Verifier;

    /// <summary>The receipt, checked as the CLI checks one (leaf hash, the log's signature, the inclusion proof against its root).</summary>
    private async Task<Receipts.Receipt> Verified(Instance instance, EventRecorded e)
    {
        await using var connection = await db.OpenConnectionAsync();
        var (receipt, pending) = await Receipts.For(connection, instance.Checkpoints, e.EventId, CancellationToken.None);
        Assert.Null(pending);
        Assert.NotNull(receipt);
        var entry = receipt.Entry;
        Assert.Equal(LogLeaf.Bytes(e), entry.Leaf);
        Assert.True(entry.Index < receipt.Checkpoint.TreeSize, $"leaf {entry.Index} cited against checkpoint {receipt.Checkpoint.TreeSize}");
        var document = new Receipt(entry.Index, receipt.Checkpoint.TreeSize, entry.LeafHash, receipt.Proof, entry.Leaf, receipt.Checkpoint.Note);
        Assert.Null(document.Verify(await LogKey()));
        return receipt;
    }

    [Fact]
    public async Task Every_leafs_receipt_verifies_against_the_signed_checkpoint()
    {
        var a = Start();
        var events = Events(300);
        for (var i = 0; i < events.Count; i += 70) await a.Appender.Append(events.Skip(i).Take(70).ToList(), CancellationToken.None);
        Assert.True(await a.Signer.SignIfGrown(CancellationToken.None));
        for (var i = 0; i < events.Count; i++)
        {
            var receipt = await Verified(a, events[i]);
            Assert.Equal((ulong)i, receipt.Entry.Index);
            Assert.Equal(300UL, receipt.Checkpoint.TreeSize);
        }
        // A forged proof is refused by the same check: one bit of one hash.
        var good = await Verified(a, events[137]);
        good.Proof[3][0] ^= 1;
        Assert.NotNull(new Receipt(good.Entry.Index, good.Checkpoint.TreeSize, good.Entry.LeafHash, good.Proof, good.Entry.Leaf, good.Checkpoint.Note).Verify(await LogKey()));
    }

    [Fact]
    public async Task A_receipt_never_cites_a_checkpoint_older_than_its_leaf_when_another_instance_signed_the_newer_one()
    {
        var (a, b) = (Start(), Start());
        var first = Events(10);
        await a.Appender.Append(first, CancellationToken.None);
        Assert.True(await a.Signer.SignIfGrown(CancellationToken.None));
        Assert.Equal(10UL, (await Verified(a, first[3])).Checkpoint.TreeSize); // held by a since it signed it

        // b appends and signs; a still holds the checkpoint of 10, which does not include these leaves.
        var second = Events(7);
        await b.Appender.Append(second, CancellationToken.None);
        Assert.True(await b.Signer.SignIfGrown(CancellationToken.None));
        var late = await Verified(a, second[2]);
        Assert.Equal(12UL, late.Entry.Index);
        Assert.Equal(17UL, late.Checkpoint.TreeSize);
        // Having read it, a now cites the newer one for older leaves too (either is correct; the newer is what a witness holds).
        Assert.Equal(17UL, (await Verified(a, first[3])).Checkpoint.TreeSize);

        // Appended (by a, whose frontier is now stale: it rebuilds it) but not signed yet: in the log, no receipt.
        var unsigned = Events(3);
        await a.Appender.Append(unsigned, CancellationToken.None);
        await using var connection = await db.OpenConnectionAsync();
        var (receipt, pending) = await Receipts.For(connection, b.Checkpoints, unsigned[0].EventId, CancellationToken.None);
        Assert.Null(receipt);
        Assert.Equal(17UL, pending?.Index);
        Assert.Equal((null, null), await Receipts.For(connection, b.Checkpoints, Guid.NewGuid(), CancellationToken.None));
        Assert.True(await b.Signer.SignIfGrown(CancellationToken.None));
        Assert.Equal(20UL, (await Verified(b, unsigned[0])).Checkpoint.TreeSize);
    }
}
