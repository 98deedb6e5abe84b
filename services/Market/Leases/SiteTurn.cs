using Alliance.Hosting;
using Marten;

namespace Alliance.Market.Leases;

/// <summary>
/// A command on a site and the streams around it (a request, an offer) in one transaction, taking the site's turn: the
/// same advisory lock as every other writer of the site's stream (StreamCommands), so racing leases are decided one after
/// the other on the capacity the previous one left, and refused by rule, not by a lost race. The site's stream is still
/// appended at the version it was read at: the lock decides who goes first, the expected version is what makes a double
/// allocation impossible (a writer that skipped the lock would be refused with 409).
/// </summary>
public static class SiteTurn
{
    public static Task<T> Run<T>(HttpContext http, Guid siteId, Func<IDocumentSession, Task<T>> work) => StreamCommands.InTurn(http, siteId, work);
}
