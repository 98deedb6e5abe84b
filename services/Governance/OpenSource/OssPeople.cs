using Alliance.Governance.OpenSource.Agreements;
using Alliance.Governance.OpenSource.Projects;
using Alliance.Hosting;

namespace Alliance.Governance.OpenSource;

/// <summary>
/// The people of open source are known by their handle; a maintainer's name and an individual CLA signatory's name
/// are their personal data. Each is stored sealed under the person's key (PersonalData.PersonByHandle), one key per
/// handle across every project and agreement, so erasing the person (ErasePerson) erases them everywhere at once.
/// Handles stay in clear: they are the public identifiers that CLA coverage is matched on.
/// </summary>
public static class OssPeople
{
    public static Guid[] Subjects(IEnumerable<string?> handles) =>
        handles.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => PersonalData.PersonByHandle(h!)).Distinct().ToArray();

    /// <summary>The event as it is stored: every person's name sealed (the sealer holds the keys of the handles involved).</summary>
    public static object Sealed(object e, PersonalData.Sealer sealer) => e switch
    {
        OssProjectProposed p => p with { Maintainers = p.Maintainers.Select(m => Sealed(m, sealer)).ToArray() },
        MaintainerJoined j => j with { Maintainer = Sealed(j.Maintainer, sealer) },
        IndividualClaSigned c => c with { Name = sealer.Seal(PersonalData.PersonByHandle(c.Handle), c.Name)! },
        _ => e,
    };

    private static Maintainer Sealed(Maintainer m, PersonalData.Sealer sealer) =>
        m with { Name = sealer.Seal(PersonalData.PersonByHandle(m.Handle), m.Name)! };
}
