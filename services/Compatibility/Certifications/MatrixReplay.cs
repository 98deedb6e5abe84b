using Alliance.Compatibility.Standards;
using JasperFx.Events;

namespace Alliance.Compatibility.Certifications;

/// <summary>
/// The status of a certification as of an instant, computed from its events (and its standard's, for a
/// withdrawal of the version) instead of the temporal table. It must always agree with the matrix; tests compare them.
/// </summary>
public static class MatrixReplay
{
    public sealed record Answer(string Status, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil);

    public static Answer StatusAt(IReadOnlyList<IEvent> certification, IReadOnlyList<IEvent> standard, DateTimeOffset asOf)
    {
        DateTimeOffset? from = null, until = null, ended = null;
        string? reason = null;
        long grantedSequence = 0;
        var version = certification.Select(e => e.Data).OfType<CertificationSubmitted>().Single().Version;
        foreach (var e in certification)
            switch (e.Data)
            {
                case CertificationGranted g: (from, until, grantedSequence) = (g.ValidFrom, g.ValidUntil, e.Sequence); break;
                case CertificationValidityFixed f: until = f.ValidUntil; break;
                case CertificationRevoked r: (ended, reason) = (r.RevokedAt, "revoked"); break;
                case CertificationLapsed l: (ended, reason) = (l.LapsedAt, "lapsed"); break;
                case CertificationExpired x: (ended, reason) = (ended ?? until ?? x.ExpiredAt, reason ?? "expired"); break;
            }
        // A withdrawal of the version by decision ends it, unless it had ended before.
        if (from is not null && standard.Where(e => e.Sequence > grantedSequence).Select(e => e.Data).OfType<StandardVersionWithdrawn>()
                .FirstOrDefault(w => w.Version == version) is { } withdrawn && (ended is null || ended > withdrawn.WithdrawnAt) && (until is null || until > withdrawn.WithdrawnAt))
            (ended, reason) = (withdrawn.WithdrawnAt, "withdrawn");
        if (from is null || from > asOf) return new("not-certified", null, null);
        var end = ended ?? until;
        if (ended is not null && ended <= asOf) return new(reason!, from, end);
        if (until is not null && until <= asOf) return new("expired", from, end);
        return new("certified", from, end);
    }
}
