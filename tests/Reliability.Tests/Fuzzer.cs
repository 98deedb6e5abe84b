using System.Text;
using System.Text.Json.Nodes;

namespace Alliance.Reliability.Tests;

/// <summary>
/// Malformed requests generated from a service's OpenAPI document. Every request is broken in at least one
/// way the service must refuse (wrong types, broken or hostile JSON, invalid UTF-8, unknown enum values,
/// oversized or deeply nested bodies, missing required fields with extra ones), and hostile strings go into
/// every text field, query parameter and path parameter, so no request may write anything.
/// </summary>
public sealed class Fuzzer(JsonObject document, string prefix, int seed)
{
    public sealed record Operation(string Method, string Path, JsonArray Parameters, JsonObject? Body);

    public sealed record Case(string Method, string Path, string? ContentType, byte[]? Body, string What);

    private readonly Random _random = new(seed);

    public static readonly string[] Hostile =
    [
        "'; drop table mt_events; --", "\" or \"1\"=\"1", "<script>alert(1)</script>", "../../../../etc/passwd", "${jndi:ldap://x/a}",
        "%00", "\u0000nul", "{{7*7}}", "admin'--", "😀🔥中文", new string('A', 5000), "-1", "NaN", "1e309", "\\u0000",
    ];

    public IEnumerable<Operation> Operations()
    {
        foreach (var (path, item) in (JsonObject)document["paths"]!)
            foreach (var (method, op) in (JsonObject)item!)
                if (method is "get" or "post" or "put" or "delete" or "patch")
                    yield return new Operation(method.ToUpperInvariant(), path, op!["parameters"] as JsonArray ?? [], BodySchema(op));
    }

    private JsonObject? BodySchema(JsonNode? op) => op?["requestBody"]?["content"]?["application/json"]?["schema"] is JsonObject schema ? Resolve(schema) : null;

    private JsonObject Resolve(JsonObject schema)
    {
        if (schema["$ref"] is JsonValue reference)
        {
            var name = ((string)reference!).Split('/')[^1];
            return Resolve((JsonObject)document["components"]!["schemas"]![name]!);
        }
        return schema;
    }

    private static string TypeOf(JsonObject schema) => schema["type"] switch
    {
        JsonValue v => (string)v!,
        JsonArray a => a.Select(x => (string)x!).FirstOrDefault(t => t != "null") ?? "null",
        _ => schema["properties"] is not null ? "object" : "string",
    };

    /// <summary>n broken requests for one operation.</summary>
    public IEnumerable<Case> Cases(Operation op, int n)
    {
        for (var i = 0; i < n; i++)
        {
            var path = Path(op);
            if (op.Body is null || op.Method == "GET")
            {
                yield return new(op.Method, path + Query(op), null, null, "hostile path and query");
                continue;
            }
            var (body, what) = (i % 8) switch
            {
                0 => (Encoding.UTF8.GetBytes("{\"" + Pick(Hostile) + "\": "), "truncated JSON"),
                1 => (WrongTypes(op.Body), "wrong types, hostile strings"),
                2 => (Encoding.UTF8.GetBytes(new string('[', 3000) + new string(']', 3000)), "nested 3000 deep"),
                3 => (InvalidUtf8(op.Body), "invalid UTF-8 in a string"),
                4 => (UnknownEnums(op.Body), "unknown values in every field"),
                5 => (Encoding.UTF8.GetBytes($"{{\"unexpected\": \"{Escape(Pick(Hostile))}\", \"also\": [1, {{}}, null]}}"), "no required field, extra fields"),
                6 => (Encoding.UTF8.GetBytes("\"" + new string('x', 2_000_000) + "\""), "a 2 MB body"),
                _ => (Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("null", 1000)) + "]"), "an array instead of an object"),
            };
            yield return new(op.Method, path, "application/json", body, what);
        }
    }

    private string Path(Operation op)
    {
        var path = op.Path;
        foreach (var p in op.Parameters.OfType<JsonObject>().Where(p => (string?)p["in"] == "path"))
        {
            // A random id (nothing exists under it) or a hostile string: either way nothing is found.
            var value = _random.Next(2) == 0 ? Guid.NewGuid().ToString() : Pick(Hostile);
            path = path.Replace("{" + (string)p["name"]! + "}", Uri.EscapeDataString(value));
        }
        return prefix + path;
    }

    private string Query(Operation op)
    {
        var names = op.Parameters.OfType<JsonObject>().Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!).ToList();
        string Value()
        {
            var hostile = Pick(Hostile);
            return _random.Next(3) == 0 ? "-1" : hostile[..Math.Min(200, hostile.Length)];
        }
        return names.Count == 0 ? "" : "?" + string.Join("&", names.Select(n => $"{n}={Uri.EscapeDataString(Value())}"));
    }

    private byte[] WrongTypes(JsonObject schema)
    {
        var body = new JsonObject();
        foreach (var (name, property) in Properties(schema))
            body[name] = TypeOf(property) switch
            {
                "string" => _random.Next(2) == 0 ? JsonValue.Create(12345) : new JsonObject { ["x"] = Pick(Hostile) },
                "integer" or "number" => JsonValue.Create(Pick(Hostile)),
                "boolean" => JsonValue.Create("maybe"),
                "array" => JsonValue.Create(Pick(Hostile)),
                _ => JsonValue.Create(Pick(Hostile)),
            };
        body["__extra"] = Pick(Hostile);
        // Always at least one wrong type, even for a schema without properties.
        if (body.Count == 1) return Encoding.UTF8.GetBytes("12345");
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    private byte[] UnknownEnums(JsonObject schema)
    {
        var body = new JsonObject();
        foreach (var (name, property) in Properties(schema))
            body[name] = TypeOf(property) == "string" ? JsonValue.Create("not-a-known-value-" + _random.Next()) : JsonValue.Create(Pick(Hostile));
        return body.Count == 0 ? Encoding.UTF8.GetBytes("true") : Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    private byte[] InvalidUtf8(JsonObject schema)
    {
        var name = Properties(schema).Select(p => p.Key).FirstOrDefault() ?? "name";
        var head = Encoding.UTF8.GetBytes($"{{\"{name}\": \"bad ");
        return [.. head, 0xC3, 0x28, 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\"}")];
    }

    private IEnumerable<KeyValuePair<string, JsonObject>> Properties(JsonObject schema) =>
        (schema["properties"] as JsonObject ?? []).Select(p => new KeyValuePair<string, JsonObject>(p.Key, p.Value is JsonObject o ? Resolve(o) : new JsonObject()));

    private string Pick(string[] options) => options[_random.Next(options.Length)];

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\u0000", "\\u0000");
}
