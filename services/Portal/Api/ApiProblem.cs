using System.Text.Json;

namespace Alliance.Portal.Api;

/// <summary>A problem+json answer of a service (RFC 9457): the status, its detail, the failing fields and, for rules, the rule and unmet criteria.</summary>
public sealed class ApiProblem(int status, string? title, string? detail, IReadOnlyDictionary<string, string[]> errors, string? rule, IReadOnlyList<string> unmet)
    : Exception(detail ?? title ?? $"HTTP {status}")
{
    public int Status { get; } = status;
    public string? Title { get; } = title;
    public string? Detail { get; } = detail;
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
    public string? Rule { get; } = rule;
    public IReadOnlyList<string> Unmet { get; } = unmet;

    public static async Task<ApiProblem> Read(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        try
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var root = doc.RootElement;
            string? Text(string name) => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            var errors = root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object
                ? e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().Select(x => x.ToString()).ToArray() : [p.Value.ToString()])
                : [];
            var unmet = root.TryGetProperty("unmet", out var u) && u.ValueKind == JsonValueKind.Array ? u.EnumerateArray().Select(x => x.ToString()).ToList() : [];
            return new ApiProblem(status, Text("title"), Text("detail"), errors, Text("rule"), unmet);
        }
        catch (JsonException)
        {
            return new ApiProblem(status, response.ReasonPhrase, null, new Dictionary<string, string[]>(), null, []);
        }
    }
}
