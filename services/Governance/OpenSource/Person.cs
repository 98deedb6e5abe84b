using Alliance.Hosting;

namespace Alliance.Governance.OpenSource;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class PersonEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<PersonPersonalDataErased>("person_personal_data_erased", e => e.ErasedAt);
}

// The Person stream: a person of open source known by a handle (a maintainer, an individual CLA signatory); its id is
// the person's subject id (PersonalData.PersonByHandle). It holds no state: only the record of an erasure.

/// <summary>The person's personal data was erased on a verified request; stream = the person's subject id. Neither the
/// handle nor the erased values are repeated here.</summary>
public sealed record PersonPersonalDataErased(Guid PersonId, string[] Fields, string Reason, DateTimeOffset ErasedAt);
