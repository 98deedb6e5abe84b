namespace Alliance.Compatibility.Products;

public sealed record NewProduct(Guid ProductId);

/// <summary>One certification of the product; ChecksFailed: the automatic checks' failures as recorded.</summary>
public sealed record ProductCertification(Guid CertificationId, string Standard, string Version, string ProductVersion, string Status, DateTime? ValidFrom,
    DateTime? ValidUntil, DateTime? EndedAt, System.Text.Json.JsonElement ChecksFailed);

// Rows read by Dapper: through the constructor (parameters in the order and of the types the SELECT gives) or, where a column is an
// array (Npgsql reports it as System.Array, which no constructor parameter matches), through init properties.

/// <summary>A line of GET /products.</summary>
public sealed record ProductSummary(Guid ProductId, Guid VendorId, string Name, string? NameZh, string Type);

/// <summary>The product itself in GET /products/{id}; FormerNames: every name it had before a rename.</summary>
public sealed record ProductHeader
{
    public Guid ProductId { get; init; }
    public Guid VendorId { get; init; }
    public string? VendorName { get; init; }
    public string Name { get; init; } = "";
    public string? NameZh { get; init; }
    public string[] FormerNames { get; init; } = [];
    public string Type { get; init; } = "";
    public string? Website { get; init; }
}

/// <summary>A published (or since withdrawn) evaluation result of the product; HigherIsBetter: the metric's direction.</summary>
public sealed record ProductEvaluation(string ResultId, string Standard, string Version, string Benchmark, string Scenario, string Division, string Category,
    double Score, string Unit, bool HigherIsBetter, string Status, string? ReviewedBy, DateTime? PublishedAt, DateTime? WithdrawnAt);

/// <summary>A certification row as stored: the failed checks are jsonb, read as their text.</summary>
internal sealed record ProductCertificationRow(Guid CertificationId, string Standard, string Version, string ProductVersion, string Status, DateTime? ValidFrom,
    DateTime? ValidUntil, DateTime? EndedAt, string ChecksFailedJson);

/// <summary>A product with every certification and its published (or withdrawn) evaluation results.</summary>
public sealed record ProductDetail(ProductHeader Product, IReadOnlyList<ProductEvaluation> Evaluations, IReadOnlyList<ProductCertification> Certifications);
