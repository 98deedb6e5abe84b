using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Alliance.Portal.Api;

/// <summary>
/// The base of the typed clients: JSON in and out with the web defaults, a problem+json answer becomes an
/// ApiProblem, 404 on a read becomes null. The signed-in member's token and the correlation id are added by
/// CallerHandler, so every call is made as the person looking at the page.
/// </summary>
public abstract class ServiceApi(HttpClient http)
{
    protected static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    protected async Task<T> Get<T>(string url, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, ct);
        if (!response.IsSuccessStatusCode) throw await ApiProblem.Read(response, ct);
        return (await response.Content.ReadFromJsonAsync<T>(Json, ct))!;
    }

    protected async Task<T?> Find<T>(string url, CancellationToken ct) where T : class
    {
        using var response = await http.GetAsync(url, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode) throw await ApiProblem.Read(response, ct);
        return await response.Content.ReadFromJsonAsync<T>(Json, ct);
    }

    protected async Task<T> Send<T>(HttpMethod method, string url, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode) throw await ApiProblem.Read(response, ct);
        return response.Content.Headers.ContentLength == 0 || response.StatusCode == HttpStatusCode.NoContent
            ? default!
            : (await response.Content.ReadFromJsonAsync<T>(Json, ct))!;
    }

    protected Task<JsonElement> Send(HttpMethod method, string url, object? body, CancellationToken ct) => Send<JsonElement>(method, url, body, ct);

    protected static string Query(params (string Name, object? Value)[] parameters) =>
        string.Join("&", parameters.Where(p => p.Value is not null && p.Value.ToString() != "")
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value is DateTimeOffset d ? d.ToString("O") : p.Value!.ToString()!)}"));
}

/// <summary>Adds the caller's bearer token (from the sign-in cookie) and a correlation id to every call to a service.</summary>
public sealed class CallerHandler(IHttpContextAccessor context) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var http = context.HttpContext;
        if (http?.User.FindFirst(SignIn.AccessTokenClaim)?.Value is { } token)
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        if (http is not null) request.Headers.TryAddWithoutValidation("X-Correlation-Id", http.TraceIdentifier);
        // The services word their own texts (tally and licence explanations) in the page's language.
        request.Headers.AcceptLanguage.ParseAdd(Localization.Languages.IsChinese ? "zh-CN" : "en");
        return base.SendAsync(request, ct);
    }
}

/// <summary>
/// Tells the service who the caller really is, so that each person has their own rate-limit bucket: the
/// address the Portal itself believes (its peer, or the gateway's X-Forwarded-For when the gateway is a trusted
/// proxy), not what the browser sent. The forwarded-headers middleware has already consumed the incoming
/// X-Forwarded-For, so it is set again here, on every call including the token exchange at sign-in.
/// </summary>
public sealed class ForwardClientAddress(IHttpContextAccessor context) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        request.Headers.Remove("X-Forwarded-For");
        if (context.HttpContext?.Connection.RemoteIpAddress is { } address)
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", address.ToString());
        return base.SendAsync(request, ct);
    }
}

public static class ServiceApis
{
    public static WebApplicationBuilder AddServiceApis(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddTransient<CallerHandler>();
        builder.Services.AddTransient<ForwardClientAddress>();
        void Add<T>(string service) where T : class =>
            builder.Services.AddHttpClient<T>(c =>
            {
                c.BaseAddress = new Uri(builder.Configuration[$"Services:{service}"] ?? throw new InvalidOperationException($"Services:{service} is not configured."));
                c.Timeout = TimeSpan.FromSeconds(15);
            }).AddHttpMessageHandler<CallerHandler>().AddHttpMessageHandler<ForwardClientAddress>();
        Add<RegistryApi>("Registry");
        Add<GovernanceApi>("Governance");
        Add<CompatibilityApi>("Compatibility");
        Add<MarketApi>("Market");
        // The log is optional: without Services:Transparency the pages simply show no "in the public log" line.
        builder.Services.AddHttpClient<TransparencyApi>(c =>
        {
            if (builder.Configuration["Services:Transparency"] is { Length: > 0 } log) c.BaseAddress = new Uri(log);
            c.Timeout = TimeSpan.FromSeconds(5);
        }).AddHttpMessageHandler<CallerHandler>().AddHttpMessageHandler<ForwardClientAddress>();
        Add<NotificationsApi>("Notifications");
        builder.Services.AddHttpClient("token", c => c.BaseAddress = new Uri(builder.Configuration["Services:Registry"]!))
            .AddHttpMessageHandler<ForwardClientAddress>();
        return builder;
    }
}
