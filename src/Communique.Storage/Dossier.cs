namespace Communique.Storage;

/// <summary>One real-world event between the two countries, with every document that reports it.</summary>
public sealed record DossierStory(string Story, string Type, string? Mode, string? Date, IReadOnlyList<string> Actors, IReadOnlyList<string> Recipients,
    bool Historical, bool Future, IReadOnlyList<EventRow> Mentions);

/// <summary>One figure (the same subject and unit, published the same year) reported with different values by different documents.</summary>
public sealed record Disagreement(string About, string? Unit, IReadOnlyList<FigureRow> Figures);

/// <summary>The bilateral dossier: what two countries did together, what they cite, where they meet, where sources differ.</summary>
public sealed record Dossier(
    string A,
    string B,
    IReadOnlyList<DossierStory> Stories,
    IReadOnlyList<(string Year, string Type, int Count)> CountsByYear,
    IReadOnlyList<(string Month, string Type, int Count)> CountsByMonth,
    IReadOnlyList<FigureRow> Figures,
    IReadOnlyList<FacetValue> Sectors,
    IReadOnlyList<FacetValue> Formats,
    IReadOnlyList<Disagreement> Disagreements);

/// <summary>Builds the dossier from the store's queries, the same way for every backend.</summary>
public static class DossierBuilder
{
    /// <summary>Meetings, visits, calls, agreements and every other event between <paramref name="a"/> and <paramref name="b"/> (ISO3 codes).</summary>
    public static async Task<Dossier> BuildAsync(IStore store, string a, string b, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        a = a.ToUpperInvariant();
        b = b.ToUpperInvariant();
        var events = new List<EventRow>();
        for (var offset = 0; ; offset += 1000)
        {
            var page = await store.EventsAsync(new EventQuery(a, b, Dyad: true, Offset: offset, Limit: 1000), cancellationToken).ConfigureAwait(false);
            events.AddRange(page.Items);
            if (page.Items.Count < 1000 || events.Count >= 20_000)
            {
                break;
            }
        }

        var stories = events.GroupBy(e => e.Story)
            .Select(g =>
            {
                // The most specific report speaks for the story: a visit (who came to whom) over a plain meeting.
                var first = g.Select(e => e.Event).FirstOrDefault(e => e.Mode == "visit") ?? g.First().Event;
                return new DossierStory(g.Key, first.Type, first.Mode, g.Select(e => e.Event.Date).Where(d => d is not null).Max(), first.Actors, first.Recipients,
                    first.Historical, first.Future, [.. g.OrderBy(e => e.Published)]);
            })
            .OrderBy(s => s.Date, StringComparer.Ordinal)
            .ToList();

        // One meeting reported on its day by one source and the next day by another (each dating it by its own
        // publication) is one story: same type, mode, sides and flags, dates a day apart.
        var merged = new List<DossierStory>();
        foreach (var story in stories)
        {
            var previous = merged.Count > 0 ? merged[^1] : null;
            if (previous is not null && SameEvent(previous, story))
            {
                var lead = previous.Mode != "visit" && story.Mode == "visit" ? story : previous;
                merged[^1] = lead with { Date = story.Date, Mentions = [.. previous.Mentions.Concat(story.Mentions).OrderBy(m => m.Published)] };
            }
            else
            {
                merged.Add(story);
            }
        }

        stories = [.. merged.OrderByDescending(s => s.Date)];
        var counts = stories.Where(s => s.Date is { Length: >= 4 } && !s.Future)
            .GroupBy(s => (Year: s.Date![..4], s.Type))
            .Select(g => (g.Key.Year, g.Key.Type, g.Count()))
            .OrderBy(c => c.Year).ThenBy(c => c.Type)
            .ToList();

        var months = stories.Where(s => s.Date is { Length: >= 7 } && !s.Future)
            .GroupBy(s => (Month: s.Date![..7], s.Type))
            .Select(g => (g.Key.Month, g.Key.Type, g.Count()))
            .OrderBy(c => c.Month).ThenBy(c => c.Type)
            .ToList();
        var figures = (await store.FiguresAsync(new FigureQuery(Country: a, OtherCountry: b, Limit: 1000), cancellationToken).ConfigureAwait(false)).Items;
        var disagreements = figures.Where(f => f.Figure.About is not null)
            .GroupBy(f => (Subject(f.Figure.About!), f.Figure.Kind, f.Figure.Unit, Year: f.Published?[..4]))
            .Where(g => g.Select(f => f.Figure.Value).Distinct().Count() > 1 && g.Select(f => f.DocumentId).Distinct().Count() > 1)
            .Select(g => new Disagreement(g.Key.Item1, g.Key.Unit, [.. g.OrderBy(f => f.Published)]))
            .ToList();
        var sectors = await store.SharedTopicsAsync(a, b, cancellationToken).ConfigureAwait(false);
        var formats = await store.SharedFormatsAsync(a, b, cancellationToken).ConfigureAwait(false);
        return new Dossier(a, b, stories, counts, months, figures, sectors, formats, disagreements);
    }

    private static bool SameEvent(DossierStory a, DossierStory b)
    {
        if (a.Type != b.Type || a.Historical != b.Historical || a.Future != b.Future
            || Day(a.Date) is not { } x || Day(b.Date) is not { } y || Math.Abs(y.DayNumber - x.DayNumber) > 1)
        {
            return false;
        }

        var (aMode, aActors, aRecipients) = a.Mentions[0].Event.StorySides();
        var (bMode, bActors, bRecipients) = b.Mentions[0].Event.StorySides();
        return aMode == bMode && aActors.SequenceEqual(bActors) && aRecipients.SequenceEqual(bRecipients);
    }

    private static DateOnly? Day(string? date) =>
        date is { Length: 10 } && DateOnly.TryParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) ? d : null;

    /// <summary>What a figure measures, without the parties in parentheses ("Italian companies (Kazakhstan, Italy)" → "Italian companies").</summary>
    private static string Subject(string about)
    {
        var open = about.IndexOf(" (", StringComparison.Ordinal);
        return open > 0 ? about[..open] : about;
    }
}
