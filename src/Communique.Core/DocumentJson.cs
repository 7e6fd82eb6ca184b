using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace Communique.Core;

/// <summary>Writes a processed document as the output contract of DESIGN §3 (field names fixed).</summary>
public static class DocumentJson
{
    /// <summary>Writes one document object.</summary>
    public static void Write(Utf8JsonWriter writer, Document document, bool includeText = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(document);
        var meta = document.Metadata;
        writer.WriteStartObject();
        writer.WriteString("id", document.Id);
        writer.WriteStartObject("source");
        WriteOptional(writer, "path", meta.SourcePath);
        WriteOptional(writer, "url", meta.Url);
        WriteOptional(writer, "site", meta.Site);
        writer.WriteEndObject();
        WriteOptional(writer, "title", meta.Title);
        WriteOptional(writer, "published", meta.Published?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteString("language", meta.Language ?? "en");
        WriteOptional(writer, "author", meta.Author);
        if (!meta.Images.IsDefaultOrEmpty)
        {
            writer.WriteStartArray("images");
            foreach (var image in meta.Images)
            {
                writer.WriteStartObject();
                writer.WriteString("url", image.Url);
                WriteOptional(writer, "alt", image.Alt);
                WriteOptional(writer, "caption", image.Caption);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteStartArray("people");
        foreach (var p in document.GetOrEmpty(Layers.People))
        {
            writer.WriteStartObject();
            writer.WriteString("id", p.Id);
            writer.WriteString("name", p.Name);
            WriteOptional(writer, "role", p.Role);
            WriteOptional(writer, "country", p.Country);
            if (p.Country is not null && p.Sector is not null && p.Country.Length == 3)
            {
                writer.WriteString("code", OntologyNames.ActorCode(p.Country, p.Sector));
            }

            writer.WriteBoolean("named_in_text", p.NamedInText);
            WriteMentions(writer, "mentions", p.Mentions);
            WriteStrings(writer, "why", p.Why);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("entities");
        foreach (var e in document.GetOrEmpty(Layers.Entities))
        {
            writer.WriteStartObject();
            writer.WriteString("id", e.Id);
            writer.WriteString("type", e.Type.ToString().ToUpperInvariant());
            writer.WriteString("name", e.Name);
            WriteOptional(writer, "code", e.Code);
            WriteMentions(writer, "mentions", e.Mentions);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("events");
        foreach (var ev in document.GetOrEmpty(Layers.Events))
        {
            writer.WriteStartObject();
            writer.WriteString("type", ev.Type.Name());
            WriteOptional(writer, "mode", ev.Mode?.Name());
            writer.WriteString("cameo", ev.Cameo);
            WriteParticipants(writer, "actor", ev.Actor);
            WriteParticipants(writer, "recipient", ev.Recipient);
            WriteOptional(writer, "date", ev.Date);
            writer.WriteBoolean("historical", ev.Historical);
            writer.WriteBoolean("future", ev.Future);
            writer.WriteBoolean("negated", ev.Negated);
            if (ev.Evidence.Length > 0)
            {
                writer.WritePropertyName("evidence");
                WriteSpan(writer, ev.Evidence[0]);
                if (ev.Evidence.Length > 1)
                {
                    WriteMentions(writer, "evidence_all", ev.Evidence);
                }
            }

            if (!ev.Triggers.IsDefaultOrEmpty)
            {
                WriteMentions(writer, "triggers", ev.Triggers);
            }

            WriteStrings(writer, "why", ev.Why);

            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("quantities");
        foreach (var q in document.GetOrEmpty(Layers.Quantities))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", q.Kind.ToString().ToLowerInvariant());
            writer.WriteNumber("value", q.Value);
            WriteOptional(writer, "unit", q.Unit);
            WriteOptional(writer, "qualifier", q.Qualifier);
            WriteOptional(writer, "about", q.About);
            writer.WriteNumber("start", q.Start);
            writer.WriteNumber("end", q.End);
            writer.WriteString("text", q.Text);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("topics");
        foreach (var t in document.GetOrEmpty(Layers.Topics))
        {
            writer.WriteStartObject();
            writer.WriteString("label", t.Label);
            writer.WriteNumber("start", t.Start);
            writer.WriteNumber("end", t.End);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("dates");
        foreach (var d in document.GetOrEmpty(Layers.Dates))
        {
            if (d.Value is not { } value)
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("value", value.ToString());
            writer.WriteBoolean("relative", d.Relative);
            writer.WriteNumber("start", d.Start);
            writer.WriteNumber("end", d.End);
            writer.WriteString("text", d.Text);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("warnings");
        foreach (var w in document.Warnings)
        {
            writer.WriteStartObject();
            writer.WriteString("code", w.Code);
            writer.WriteString("message", w.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (includeText)
        {
            writer.WriteString("text", document.Text);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes an error record for a document that could not be processed.</summary>
    public static void WriteError(Utf8JsonWriter writer, string source, CommuniqueException error)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(error);
        writer.WriteStartObject();
        writer.WriteString("error", error.Code.Code);
        writer.WriteString("title", error.Code.Title);
        writer.WriteString("source", source);
        writer.WriteString("message", error.Message);
        WriteOptional(writer, "hint", error.Hint);
        writer.WriteBoolean("transient", error.IsTransient);
        writer.WriteEndObject();
    }

    private static void WriteParticipants(Utf8JsonWriter writer, string name, IEnumerable<EventParticipant> participants)
    {
        writer.WriteStartArray(name);
        foreach (var p in participants)
        {
            writer.WriteStartObject();
            WriteOptional(writer, "country", p.Country);
            WriteOptional(writer, "code", p.Code);
            WriteOptional(writer, "ref", p.Ref);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>An array of strings, left out when there are none.</summary>
    private static void WriteStrings(Utf8JsonWriter writer, string name, ImmutableArray<string> values)
    {
        if (values.IsDefaultOrEmpty)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteMentions(Utf8JsonWriter writer, string name, IEnumerable<Mention> mentions)
    {
        writer.WriteStartArray(name);
        foreach (var m in mentions)
        {
            WriteSpan(writer, m);
        }

        writer.WriteEndArray();
    }

    private static void WriteSpan(Utf8JsonWriter writer, Mention m)
    {
        writer.WriteStartObject();
        writer.WriteNumber("start", m.Start);
        writer.WriteNumber("end", m.End);
        writer.WriteString("text", m.Text);
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
