namespace Alliance.Compatibility.Products;

public sealed record NewProduct(Guid ProductId);
