namespace Alliance.Compatibility.Products;

public sealed record NewProduct(Guid ProductId);

/// <summary>One certification of the product; ChecksFailed: the automatic checks' failures as recorded.</summary>
public sealed record ProductCertification(Guid CertificationId, string Standard, string Version, string ProductVersion, string Status, DateTime? ValidFrom,
    DateTime? ValidUntil, DateTime? EndedAt, System.Text.Json.JsonElement ChecksFailed);

/// <summary>A product with every certification and its published (or withdrawn) evaluation results.</summary>
public sealed record ProductDetail(object Product, IReadOnlyList<object> Evaluations, IReadOnlyList<ProductCertification> Certifications);
