using System.Globalization;
using System.Text.Json;
using Communique.Core;

namespace Communique.Storage;

/// <summary>Turns an extracted <see cref="Document"/> into the record the store keeps.</summary>
public static class DocumentMapper
{
    /// <summary>Maps a processed document; <paramref name="includeText"/> keeps the text in the JSON record too.</summary>
    public static StoredDocument ToStored(Document document, bool includeText = false)
    {
        ArgumentNullException.ThrowIfNull(document);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            DocumentJson.Write(writer, document, includeText);
        }

        var json = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        var sentences = document.GetOrEmpty(Layers.Sentences);
        var people = document.GetOrEmpty(Layers.People);
        var entities = document.GetOrEmpty(Layers.Entities);
        var figures = document.GetOrEmpty(Layers.Quantities);
        var topics = document.GetOrEmpty(Layers.Topics);
        var highlights = new List<Highlight>();
        foreach (var p in people)
        {
            var label = p.Role is null ? p.Name : $"{p.Name} — {p.Role}{(p.Country is null ? string.Empty : ", " + p.Country)}";
            highlights.AddRange(p.Mentions.Select(m => new Highlight(m.Start, m.End, "person", label)));
        }

        foreach (var e in entities)
        {
            var kind = e.Type switch
            {
                EntityType.Country => "country",
                EntityType.City or EntityType.Region or EntityType.Venue => "place",
                _ => "organization",
            };
            highlights.AddRange(e.Mentions.Select(m => new Highlight(m.Start, m.End, kind, e.Code is null ? e.Name : $"{e.Name} [{e.Code}]")));
        }

        foreach (var q in figures)
        {
            var value = q.Value.ToString(CultureInfo.InvariantCulture);
            highlights.Add(new Highlight(q.Start, q.End, "figure", $"{q.Kind.ToString().ToLowerInvariant()} {value}{(q.Unit is null ? string.Empty : " " + q.Unit)}{(q.About is null ? string.Empty : " · " + q.About)}"));
        }

        highlights.AddRange(topics.Select(t => new Highlight(t.Start, t.End, "topic", t.Label)));

        TextRange SentenceOf(int start, int end)
        {
            foreach (var s in sentences)
            {
                if (s.Start <= start && end <= s.End)
                {
                    return new TextRange(s.Start, s.End, document.Slice(s.Start, s.End));
                }
            }

            return new TextRange(start, end, document.Slice(start, end));
        }

        var events = document.GetOrEmpty(Layers.Events).Select(e => new StoredEvent(
            e.Type.Name(),
            e.Mode?.Name(),
            e.Cameo,
            [.. e.Actor.Select(a => a.Country).OfType<string>().Distinct()],
            [.. e.Actor.Select(a => a.Code).OfType<string>().Distinct()],
            [.. e.Recipient.Select(a => a.Country).OfType<string>().Distinct()],
            [.. e.Recipient.Select(a => a.Code).OfType<string>().Distinct()],
            e.Date,
            e.Historical,
            e.Future,
            e.Negated,
            [.. e.Evidence.Select(m => new TextRange(m.Start, m.End, m.Text))])
        {
            Triggers = [.. e.Triggers.Select(m => new TextRange(m.Start, m.End, m.Text))],
            Why = e.Why,
        }).ToList();

        var meta = document.Metadata;
        return new StoredDocument(
            document.Id,
            meta.Url,
            meta.Site,
            meta.Title,
            meta.Published?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            document.Text,
            json,
            [.. people.Select(p => new StoredPerson(p.Name, p.Role, p.Country, p.Sector))],
            [.. entities.Select(e => new StoredEntity(e.Type.ToString().ToUpperInvariant(), e.Name, e.Code))],
            [.. figures.Select(q => new StoredFigure(q.Kind.ToString().ToLowerInvariant(), q.Value, q.Unit, q.Qualifier, q.About, q.Text, SentenceOf(q.Start, q.End)))],
            [.. topics.Select(t => t.Label).Distinct(StringComparer.OrdinalIgnoreCase)],
            events,
            [.. highlights.OrderBy(h => h.Start).ThenByDescending(h => h.End)]);
    }
}
