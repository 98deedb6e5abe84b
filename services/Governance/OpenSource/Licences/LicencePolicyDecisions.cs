namespace Alliance.Governance.OpenSource.Licences;

/// <summary>The pure decision of the LicencePolicy stream: an approved policy change applied to the policy as it then is.</summary>
public static class LicencePolicyDecisions
{
    /// <summary>Each change is recorded against the policy as it stands now (its From re-read), not as it stood when proposed.</summary>
    public static LicencePolicyChanged Change(LicencePolicy policy, PolicyChangeRequest approved, Guid decisionId, DateTimeOffset now)
    {
        var changes = approved.Changes.Select(x => x with { From = policy.Entries.GetValueOrDefault(x.Key.ToLowerInvariant())?.Category }).ToArray();
        return new LicencePolicyChanged(LicencePolicy.StreamId, approved.Id, decisionId, changes, approved.Reason, now);
    }
}
