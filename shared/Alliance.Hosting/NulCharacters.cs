using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Alliance.Hosting;

/// <summary>
/// PostgreSQL cannot store U+0000 in text or jsonb: a NUL anywhere in a request would fail deep in a write
/// (a 500). It is refused at the door instead: in the path and query (400 naming the parameter) and in JSON
/// strings (the body does not bind: 400 naming the field).
/// </summary>
public static class NulCharacters
{
    public static async Task Middleware(HttpContext http, RequestDelegate next)
    {
        var bad = http.Request.Path.Value?.Contains('\0') == true ? "path"
            : http.Request.Query.FirstOrDefault(q => q.Key.Contains('\0') || q.Value.Any(v => v?.Contains('\0') == true)).Key;
        if (bad is null) { await next(http); return; }
        throw new ValidationFailed(new Dictionary<string, string[]> { [bad.Replace("\0", "\\0")] = ["The character U+0000 (NUL) is not allowed."] });
    }

    /// <summary>Reads JSON strings, refusing those that contain NUL.</summary>
    public sealed class Refuse : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var value = reader.GetString();
            return value?.Contains('\0') == true ? throw new JsonException("The character U+0000 (NUL) is not allowed.") : value;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
