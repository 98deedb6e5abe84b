using Alliance.Governance.OpenSource.Agreements;
using Alliance.Governance.OpenSource.Projects;
using Alliance.Hosting;

namespace Alliance.Governance.OpenSource;

/// <summary>
/// The people of open source are known by their handle; a maintainer's name and an individual CLA signatory's name
/// are their personal data. Each is stored sealed under the person's key (PersonalData.PersonByHandle), one key per
/// handle across every project and agreement, so erasing the person (POST /people/{handle}/erasure) erases them everywhere at once.
/// Handles stay in clear: they are the public identifiers that CLA coverage is matched on. A corporate CLA's
/// signatory (a person without a handle here) is sealed under the agreement's own key (AgreementDecisions.EraseSignatory).
/// </summary>
public static class OssPeople
{
    public static Guid[] Subjects(IEnumerable<string?> handles) =>
        handles.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => PersonalData.PersonByHandle(h!)).Distinct().ToArray();

    /// <summary>The subjects whose keys sealing this event needs.</summary>
    public static Guid[] SubjectsOf(object e) => e switch
    {
        OssProjectProposed p => Subjects(p.Maintainers.Select(m => m.Handle)),
        MaintainerJoined j => Subjects([j.Maintainer.Handle]),
        IndividualClaSigned c => Subjects([c.Handle]),
        CorporateClaSigned c => [c.AgreementId],
        _ => [],
    };

    /// <summary>The event as it is stored: every person's name sealed (the sealer holds the keys of the handles involved).</summary>
    public static object Sealed(object e, PersonalData.Sealer sealer) => e switch
    {
        OssProjectProposed p => p with { Maintainers = p.Maintainers.Select(m => Sealed(m, sealer)).ToArray() },
        MaintainerJoined j => j with { Maintainer = Sealed(j.Maintainer, sealer) },
        IndividualClaSigned c => c with { Name = sealer.Seal(PersonalData.PersonByHandle(c.Handle), c.Name)! },
        CorporateClaSigned c => c with { Signatory = sealer.Seal(c.AgreementId, c.Signatory)! },
        _ => e,
    };

    /// <summary>A stored event as its caller gave it: every name <see cref="Sealed"/> sealed, opened again with the same keys.</summary>
    public static object Opened(object e, PersonalData.Opener opener) => e switch
    {
        OssProjectProposed p => p with { Maintainers = p.Maintainers.Select(m => m with { Name = opener.Open(m.Name)! }).ToArray() },
        MaintainerJoined j => j with { Maintainer = j.Maintainer with { Name = opener.Open(j.Maintainer.Name)! } },
        IndividualClaSigned c => c with { Name = opener.Open(c.Name)! },
        CorporateClaSigned c => c with { Signatory = opener.Open(c.Signatory)! },
        _ => e,
    };

    private static Maintainer Sealed(Maintainer m, PersonalData.Sealer sealer) =>
        m with { Name = sealer.Seal(PersonalData.PersonByHandle(m.Handle), m.Name)! };
}
