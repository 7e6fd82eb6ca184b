using System.Text.Json;
using Communique.Core;

namespace Communique.Cli;

/// <summary>Reading extract output (and gold files) as JSON: tolerant accessors and the accepted file shapes.</summary>
internal static class JsonRead
{
    public static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray() : [];

    public static List<string> Strings(JsonElement e, string name) =>
        [.. Array(e, name).Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)];

    public static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static bool Bool(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    public static double Num(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;

    /// <summary>Extract output as written by <c>extract</c>: one object, an array of objects, or JSON lines.</summary>
    /// <exception cref="CommuniqueException">CQ2006 when the text is none of these.</exception>
    public static IReadOnlyList<JsonElement> ParseOutput(string text, string source)
    {
        if (text.TrimStart().StartsWith('['))
        {
            return [.. JsonDocument.Parse(text).RootElement.EnumerateArray().Select(e => e.Clone())];
        }

        try
        {
            return [JsonDocument.Parse(text).RootElement.Clone()];
        }
        catch (JsonException)
        {
            try
            {
                return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
            }
            catch (JsonException ex)
            {
                throw new CommuniqueException(ErrorCatalog.UnsupportedFormat, $"'{source}' is not extract output (JSON, JSON array or JSON lines): {ex.Message}", source,
                    "Give the output of 'communique extract', or the documents themselves.", ex);
            }
        }
    }

    /// <summary>A processed document as the JSON element <c>extract</c> would print.</summary>
    public static JsonElement ToElement(Document document)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            DocumentJson.Write(writer, document);
        }

        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }
}
