using System.Globalization;
using System.Text.Json;
using Communique.Core;
using Communique.Text;

namespace Communique.Extraction.Tests;

/// <summary>
/// Extraction behaviour as data (Specs/extraction.json): each case gives a text with its site and date and
/// what must (and must not) be extracted. A new behaviour is a new case.
/// </summary>
public sealed class ExtractionSpecTests
{
    private static readonly Pipeline Pipeline = ExtractionPipeline.Create();

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Specs", "extraction.json")));
        foreach (var item in json.RootElement.EnumerateArray())
        {
            data.Add(item.GetProperty("name").GetString()!);
        }

        return data;
    }

    private static JsonElement Spec(string name)
    {
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Specs", "extraction.json")));
        return json.RootElement.EnumerateArray().First(e => e.GetProperty("name").GetString() == name);
    }

    internal static Document Run(string text, string? site, DateOnly? published)
    {
        var document = DocumentFactory.Create(text, new DocumentMetadata(SourcePath: "spec.txt", Site: site, Published: published));
        Pipeline.Process(document);
        return document;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Extracts_as_specified(string name)
    {
        var spec = Spec(name);
        string? Str(JsonElement e, string p) => e.TryGetProperty(p, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var published = Str(spec, "published") is { } p ? DateOnly.ParseExact(p, "yyyy-MM-dd", CultureInfo.InvariantCulture) : (DateOnly?)null;
        var document = Run(Str(spec, "text")!, Str(spec, "site"), published);
        var people = document.Get(Layers.People);
        var entities = document.Get(Layers.Entities);
        var quantities = document.Get(Layers.Quantities);

        if (spec.TryGetProperty("people", out var expectedPeople))
        {
            foreach (var e in expectedPeople.EnumerateArray())
            {
                var person = people.FirstOrDefault(x => x.Name == Str(e, "name"));
                Assert.True(person is not null, $"missing person {Str(e, "name")}; found {string.Join(", ", people.Select(x => x.Name))}");
                if (e.TryGetProperty("role", out var role))
                {
                    Assert.Equal(role.ValueKind == JsonValueKind.Null ? null : role.GetString(), person.Role);
                }

                if (e.TryGetProperty("country", out var country))
                {
                    Assert.Equal(country.ValueKind == JsonValueKind.Null ? null : country.GetString(), person.Country);
                }

                if (e.TryGetProperty("named_in_text", out var named))
                {
                    Assert.Equal(named.GetBoolean(), person.NamedInText);
                }

                if (Str(e, "mention") is { } mention)
                {
                    Assert.Contains(person.Mentions, m => m.Text == mention);
                }

                if (e.TryGetProperty("why", out var why))
                {
                    foreach (var w in why.EnumerateArray())
                    {
                        Assert.True(person.Why.Any(r => r.Contains(w.GetString()!, StringComparison.Ordinal)), $"{person.Name}: no reason with '{w.GetString()}' in [{string.Join(" | ", person.Why)}]");
                    }
                }
            }
        }

        if (spec.TryGetProperty("not_people", out var notPeople))
        {
            foreach (var n in notPeople.EnumerateArray())
            {
                Assert.DoesNotContain(people, x => x.Name == n.GetString());
            }
        }

        var countries = entities.Where(x => x.Type == EntityType.Country).Select(x => x.Code).ToHashSet();
        if (spec.TryGetProperty("countries", out var expectedCountries))
        {
            foreach (var c in expectedCountries.EnumerateArray())
            {
                Assert.Contains(c.GetString(), countries);
            }
        }

        if (spec.TryGetProperty("not_countries", out var notCountries))
        {
            foreach (var c in notCountries.EnumerateArray())
            {
                Assert.DoesNotContain(c.GetString(), countries);
            }
        }

        if (spec.TryGetProperty("entities", out var expectedEntities))
        {
            foreach (var e in expectedEntities.EnumerateArray())
            {
                Assert.True(entities.Any(x => x.Type.ToString().Equals(Str(e, "type"), StringComparison.OrdinalIgnoreCase) && x.Name == Str(e, "name")),
                    $"missing {Str(e, "type")} {Str(e, "name")}; found {string.Join(", ", entities.Select(x => $"{x.Type} {x.Name}"))}");
            }
        }

        if (spec.TryGetProperty("quantities", out var expectedQuantities))
        {
            var remaining = quantities.ToList();
            foreach (var e in expectedQuantities.EnumerateArray())
            {
                var kind = Enum.Parse<QuantityKind>(Str(e, "kind")!, ignoreCase: true);
                var value = e.GetProperty("value").GetDecimal();
                var match = remaining.FirstOrDefault(q => q.Kind == kind && q.Value == value
                    && (Str(e, "unit") is not { } unit || q.Unit == unit)
                    && (!e.TryGetProperty("qualifier", out var qual) || q.Qualifier == qual.GetString())
                    && (Str(e, "about") is not { } about || q.About == about));
                Assert.True(match is not null, $"missing {kind} {value}; found {string.Join("; ", quantities.Select(q => $"{q.Kind} {q.Value} {q.Unit} {q.Qualifier} '{q.Text}' about {q.About}"))}");
                remaining.Remove(match);
            }

            if (spec.TryGetProperty("exact", out var exact) && exact.GetBoolean())
            {
                Assert.True(remaining.Count == 0, "unexpected figures: " + string.Join("; ", remaining.Select(q => $"{q.Kind} {q.Value} '{q.Text}'")));
            }
        }

        var events = document.Get(Layers.Events);
        string Show() => string.Join("; ", events.Select(e => $"{e.Type} {e.Mode} {string.Join("+", e.Actor.Select(a => a.Country))}->{string.Join("+", e.Recipient.Select(a => a.Country))} h={e.Historical} f={e.Future} n={e.Negated} {e.Date} triggers [{string.Join(", ", e.Triggers.Select(t => t.Text))}] why [{string.Join(" | ", e.Why)}]"));
        if (spec.TryGetProperty("events", out var expectedEvents))
        {
            foreach (var e in expectedEvents.EnumerateArray())
            {
                var type = Enum.Parse<PloverType>(Str(e, "type")!, ignoreCase: true);
                var found = events.Any(x => x.Type == type
                    && (!e.TryGetProperty("mode", out var mode) || x.Mode?.Name() == mode.GetString())
                    && (!e.TryGetProperty("actor", out var actor) || actor.EnumerateArray().Select(a => a.GetString()).ToHashSet().SetEquals(x.Actor.Select(a => a.Country)))
                    && (!e.TryGetProperty("recipient", out var recipient) || recipient.EnumerateArray().Select(a => a.GetString()).ToHashSet().SetEquals(x.Recipient.Select(a => a.Country)))
                    && (!e.TryGetProperty("historical", out var h) || x.Historical == h.GetBoolean())
                    && (!e.TryGetProperty("future", out var f) || x.Future == f.GetBoolean())
                    && (!e.TryGetProperty("negated", out var n) || x.Negated == n.GetBoolean())
                    && (Str(e, "date") is not { } date || x.Date == date)
                    && (Str(e, "trigger") is not { } trigger || x.Triggers.Any(t => t.Text == trigger))
                    && (!e.TryGetProperty("why", out var why) || why.EnumerateArray().All(w => x.Why.Any(r => r.Contains(w.GetString()!, StringComparison.Ordinal))))
                    && x.Evidence.Length > 0);
                Assert.True(found, $"missing {e.GetRawText()}; found {Show()}");
            }
        }

        if (spec.TryGetProperty("no_plain_events", out var noPlain))
        {
            foreach (var t in noPlain.EnumerateArray())
            {
                Assert.DoesNotContain(events, x => x.Type == Enum.Parse<PloverType>(t.GetString()!, ignoreCase: true) && !x.Negated);
            }
        }

        if (spec.TryGetProperty("no_events", out var none) && none.GetBoolean())
        {
            Assert.True(events.IsEmpty, Show());
        }

        if (spec.TryGetProperty("event_count", out var eventCount))
        {
            Assert.True(eventCount.GetInt32() == events.Length, $"expected {eventCount.GetInt32()} events; found {Show()}");
        }

        if (spec.TryGetProperty("topics", out var expectedTopics))
        {
            var labels = document.Get(Layers.Topics).Select(t => t.Label).ToList();
            var expected = expectedTopics.EnumerateArray().Select(t => t.GetString()!).ToList();
            foreach (var t in expected)
            {
                Assert.Contains(t, labels);
            }

            if (spec.TryGetProperty("exact_topics", out var exactTopics) && exactTopics.GetBoolean())
            {
                Assert.Equal(expected.Count, labels.Count);
            }
        }
    }

    [Fact]
    public void Every_annotation_points_at_its_own_text()
    {
        var document = Run("President of Latvia Edgars Rinkēvičs visited Astana. Trade reached $182 million, 14.6% more.", "akorda.kz", new DateOnly(2025, 6, 11));
        foreach (var m in document.Get(Layers.People).SelectMany(p => p.Mentions).Concat(document.Get(Layers.Entities).SelectMany(e => e.Mentions)))
        {
            Assert.Equal(m.Text, document.Text[m.Start..m.End]);
        }

        foreach (var q in document.Get(Layers.Quantities))
        {
            Assert.Equal(q.Text, document.Text[q.Start..q.End]);
        }

        var visit = Assert.Single(document.Get(Layers.Events));
        Assert.NotEmpty(visit.Triggers);
        foreach (var t in visit.Triggers.Concat(visit.Evidence))
        {
            Assert.Equal(t.Text, document.Text[t.Start..t.End]);
        }
    }
}
