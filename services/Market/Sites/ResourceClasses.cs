namespace Alliance.Market.Sites;

/// <summary>
/// The resource classes of an inventory (OpenStack Placement's idea): an accelerator product registered in
/// Compatibility (ACCELERATOR:{product id}) or one of the generic classes. A request may also ask for
/// ACCELERATOR, any accelerator product, and let the required traits say which certifications it must have.
/// </summary>
public static class ResourceClasses
{
    public const string AcceleratorPrefix = "ACCELERATOR:";
    public const string AnyAccelerator = "ACCELERATOR";
    public static readonly string[] Generic = ["VCPU", "MEMORY_GIB", "STORAGE_TIB", "NETWORK_GBPS"];

    /// <summary>The canonical spelling of a class ("ACCELERATOR:" + lower-case product id), or null when it is not one.</summary>
    public static string? Canonical(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var value = raw.Trim();
        if (Generic.Contains(value)) return value;
        return value.StartsWith(AcceleratorPrefix, StringComparison.Ordinal) && Guid.TryParse(value[AcceleratorPrefix.Length..], out var product)
            ? AcceleratorPrefix + product.ToString("D")
            : null;
    }

    public static Guid? ProductOf(string resourceClass) =>
        resourceClass.StartsWith(AcceleratorPrefix, StringComparison.Ordinal) && Guid.TryParse(resourceClass[AcceleratorPrefix.Length..], out var product) ? product : null;

    /// <summary>Whether an offer of class <paramref name="offered"/> gives what a request for <paramref name="wanted"/> asks.</summary>
    public static bool Satisfies(string offered, string wanted) =>
        offered == wanted || (wanted == AnyAccelerator && offered.StartsWith(AcceleratorPrefix, StringComparison.Ordinal));

    public const string Explanation = "ACCELERATOR:<product id>, VCPU, MEMORY_GIB, STORAGE_TIB or NETWORK_GBPS";
}
