namespace Alliance.Testing;

/// <summary>
/// Governance and Compatibility learn of an admitted member from Registry's messages, a moment after the
/// admission: tests wait through the gateway until the member has arrived before they use it there.
/// </summary>
public static class Arrivals
{
    public static Task InElectorate(HttpClient gateway, IEnumerable<Guid> members) =>
        Eventually.True(async () =>
        {
            foreach (var member in members)
                if ((int)(await gateway.GetNode($"/api/electorate?member={member}"))["total"]! != 1) return false;
            return true;
        }, "Governance knows every member");

    public static Task InVendorDirectory(HttpClient gateway, Guid member) =>
        Eventually.True(async () => (int)(await gateway.GetNode($"/api/vendors?member={member}"))["total"]! == 1, "Compatibility knows the vendor");
}
