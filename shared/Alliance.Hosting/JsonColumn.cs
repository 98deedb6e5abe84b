using System.Text.Json;

namespace Alliance.Hosting;

/// <summary>A json/jsonb column read as text by Dapper, handed to the response serializer as a JSON value.</summary>
public static class JsonColumn
{
    public static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}
