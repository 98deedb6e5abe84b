using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alliance.Hosting;

/// <summary>
/// Every request gets a correlation id (the client's X-Correlation-Id when it is a GUID, else a new one).
/// It goes into every log line of the request, onto every event the request appends, and from there
/// onto every integration message, so one decision can be followed across all services.
/// </summary>
public static class Correlation
{
    public const string Header = "X-Correlation-Id";
    private const string ItemKey = "alliance.correlation";

    public static string Of(HttpContext http) => http.Items[ItemKey] as string ?? "";

    internal static async Task Middleware(HttpContext http, RequestDelegate next)
    {
        var sent = http.Request.Headers[Header].ToString();
        var id = Guid.TryParse(sent, out var parsed) ? parsed.ToString() : Guid.NewGuid().ToString();
        http.Items[ItemKey] = id;
        http.Response.Headers[Header] = id;
        // ILogger<T> is a singleton: ILoggerFactory.CreateLogger takes the factory's lock on every request.
        var log = http.RequestServices.GetRequiredService<ILogger<RequestScope>>();
        using (log.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
            await next(http);
    }
}

/// <summary>The logging category of a request's scope.</summary>
public sealed class RequestScope;

/// <summary>Sessions opened in a request carry its correlation id and actor into the events' metadata.</summary>
internal sealed class CorrelatedSessionFactory(IDocumentStore store, IHttpContextAccessor accessor) : ISessionFactory
{
    public IQuerySession QuerySession() => store.QuerySession();

    public IDocumentSession OpenSession()
    {
        var session = store.LightweightSession();
        OutboxTrace.Stamp(session);
        if (accessor.HttpContext is { } http) Stamp(session, http);
        return session;
    }

    /// <summary>The request's correlation id, trace id and actor become the metadata of every event the session appends.</summary>
    public static void Stamp(IDocumentSession session, HttpContext http)
    {
        session.CorrelationId = Correlation.Of(http);
        session.CausationId = http.TraceIdentifier;
        session.LastModifiedBy = Actor.Of(http.User).Describe();
    }
}
