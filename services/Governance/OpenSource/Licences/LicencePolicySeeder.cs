using Alliance.Governance.OpenSource.Spdx;
using JasperFx.Events;
using Marten;

namespace Alliance.Governance.OpenSource.Licences;

/// <summary>
/// Adopts the seed policy on the first start. The policy stream has a fixed id, so when two instances start
/// together one wins and the other's attempt fails as a duplicate stream, which is fine.
/// </summary>
public sealed class LicencePolicySeeder(IDocumentStore store, TimeProvider clock, ILogger<LicencePolicySeeder> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        if (await session.Events.FetchStreamStateAsync(LicencePolicy.StreamId, ct) is not null) return;
        var seed = LicencePolicy.Seed(SpdxList.Embedded.Source, clock.GetUtcNow());
        session.Events.StartStream<LicencePolicy>(LicencePolicy.StreamId, seed);
        session.LastModifiedBy = "system/seed";
        try
        {
            await session.SaveChangesAsync(ct);
            log.LogInformation("Licence policy adopted from the seed: {Entries} entries", seed.Entries.Length);
        }
        catch (Exception e) when (e is ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            log.LogInformation("Licence policy already adopted by another instance");
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
