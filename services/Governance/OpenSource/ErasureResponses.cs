namespace Alliance.Governance.OpenSource;

// What the erasures answer, as named types so that a client generated from the OpenAPI document has them.

/// <summary>A signatory erased: the fields of the agreement now unreadable.</summary>
public sealed record SignatoryErasure(Guid AgreementId, string[] ErasedFields);

/// <summary>A person erased: the fields now unreadable, and how many clear-text values from before sealing were rewritten.</summary>
public sealed record PersonErasure(Guid PersonId, string[] ErasedFields, int LegacyValuesRewritten);
