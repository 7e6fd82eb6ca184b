using System.Globalization;
using System.Net;
using System.Text;
using Communique.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Communique.Server;

/// <summary>
/// The web UI, rendered on the server with no front-end build step: search with facets, the document page with
/// its findings highlighted and each event's evidence, the actor page and the bilateral dossier. Every piece of
/// document-derived text goes through <see cref="E"/> (HTML-encoded) before it reaches the page.
/// </summary>
internal static class Ui
{
    private const string Style =
        """
        body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2433;background:#fafafa}
        header{background:#1d2433;color:#fff;padding:.6em 1.2em}header a{color:#fff;text-decoration:none;font-weight:600}
        main{max-width:1100px;margin:0 auto;padding:1em 1.2em}a{color:#1f5fbf}
        form.search input[type=text]{width:60%;padding:.4em}.hit{margin:1em 0}.meta{color:#667;font-size:.9em}
        .facets{float:right;width:240px;font-size:.9em}.facets h4{margin:.8em 0 .2em}.results{margin-right:260px}
        mark{background:#fff3a8}mark.person{background:#d7e8ff}mark.country,mark.place{background:#dff5df}mark.organization{background:#f1e1ff}
        mark.figure{background:#ffe0c7}mark.topic{background:#eee}.evidence{border-bottom:2px solid #d33}
        b.trigger{color:#a11}.because{cursor:help}details.why{font-size:.9em;color:#445}details.why ul{margin:.2em 0}
        .text p{white-space:pre-wrap}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3em;text-align:left;vertical-align:top}
        .ev{margin:.6em 0;padding:.4em .6em;background:#fff;border-left:4px solid #d33}.tag{display:inline-block;padding:0 .4em;border-radius:3px;background:#e4e8f0;font-size:.85em}
        """;

    public static void Map(WebApplication app)
    {
        app.MapGet("/", Home);
        app.MapGet("/search", Search);
        app.MapGet("/documents/{id}", DocumentPage);
        app.MapGet("/actors/{name}", ActorPage);
        app.MapGet("/dossier/{a}/{b}", DossierPage);
    }

    /// <summary>HTML-encodes document-derived text.</summary>
    internal static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    private static string U(string? text) => Uri.EscapeDataString(text ?? string.Empty);

    /// <summary>"KAZ+ITA → RUS" (encoded), "—" for no recipient.</summary>
    private static string Sides(IReadOnlyList<string> actors, IReadOnlyList<string> recipients, string separator) =>
        $"{E(string.Join(separator, actors))} → {E(recipients.Count == 0 ? "—" : string.Join(separator, recipients))}";

    /// <summary>The auxiliary flags of an event as tags.</summary>
    private static string Flags(bool historical, bool future, bool negated) =>
        (historical ? " <span class=tag>historical</span>" : string.Empty) + (future ? " <span class=tag>future</span>" : string.Empty)
        + (negated ? " <span class=tag>negated</span>" : string.Empty);

    private static IResult Page(string title, StringBuilder body) =>
        Results.Content($"<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport content=\"width=device-width\"><title>{E(title)} · Communique</title><style>{Style}</style></head>"
                        + $"<body><header><a href=\"/\">Communique</a></header><main>{body}</main></body></html>", "text/html; charset=utf-8");

    private static async Task<IResult> Home(IStore store, CancellationToken ct)
    {
        var count = await store.CountDocumentsAsync(ct).ConfigureAwait(false);
        var result = await store.SearchAsync(new SearchQuery(null, Limit: 10), ct).ConfigureAwait(false);
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<h1>{count:N0} documents</h1>");
        b.Append("<form class=search action=\"/search\"><input type=text name=q placeholder=\"Search releases\" autofocus> <button>Search</button></form>");
        b.Append("<h3>Bilateral dossier</h3><form onsubmit=\"location='/dossier/'+this.a.value+'/'+this.b.value;return false\"><input name=a size=4 value=KAZ> – <input name=b size=4 value=ITA> <button>Open</button></form>");
        if (result.Facets.TryGetValue("country", out var countries) && countries.Count > 1)
        {
            b.Append("<p>Most named countries: ");
            foreach (var c in countries)
            {
                b.Append(CultureInfo.InvariantCulture, $"<a href=\"/search?country={U(c.Value)}\">{E(c.Value)}</a> ({c.Count}) ");
            }

            b.Append("</p>");
        }

        b.Append("<h3>Latest</h3>");
        Hits(b, result.Hits.Items);
        return Page("Home", b);
    }

    private static void Hits(StringBuilder b, IReadOnlyList<SearchHit> hits)
    {
        foreach (var h in hits)
        {
            // The matched words are marked by their offsets; every piece of the snippet is encoded.
            var snippet = new StringBuilder();
            AppendTagged(snippet, h.Snippet, 0, h.Marks.Select(m => (m.Start, m.End)), "<mark>", "</mark>");
            b.Append(CultureInfo.InvariantCulture, $"<div class=hit><a href=\"/documents/{U(h.Id)}\">{E(h.Title ?? h.Id)}</a><div class=meta>{E(h.Site)} · {E(h.Published)}</div><div>{snippet}</div></div>");
        }
    }

    private static async Task<IResult> Search(IStore store, string? q, string? site, string? country, string? person, string? type, string? from, string? to, string? sort, int? offset, CancellationToken ct)
    {
        if ((country is { Length: > 0 } && !CommuniqueServer.Iso3.IsMatch(country)) || (from is { Length: > 0 } && !CommuniqueServer.Day.IsMatch(from)) || (to is { Length: > 0 } && !CommuniqueServer.Day.IsMatch(to)))
        {
            return Results.BadRequest("Country codes are three letters; dates are YYYY-MM-DD.");
        }

        var query = new SearchQuery(q, site, country, person, type, from, to, Math.Max(0, offset ?? 0), 20, sort == "relevance");
        var result = await store.SearchAsync(query, ct).ConfigureAwait(false);
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<form class=search action=\"/search\"><input type=text name=q value=\"{E(q)}\"> <button>Search</button></form>");
        b.Append("<div class=facets>");
        string Link(string key, string value)
        {
            var parts = new Dictionary<string, string?> { ["q"] = q, ["site"] = site, ["country"] = country, ["person"] = person, ["type"] = type, ["from"] = from, ["to"] = to, ["sort"] = sort };
            if (key == "year")
            {
                parts["from"] = value + "-01-01";
                parts["to"] = value + "-12-31";
            }
            else
            {
                parts[key] = value;
            }

            return "/search?" + string.Join('&', parts.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => p.Key + "=" + U(p.Value)));
        }

        foreach (var (name, values) in result.Facets)
        {
            if (values.Count == 0)
            {
                continue;
            }

            b.Append(CultureInfo.InvariantCulture, $"<h4>{E(name)}</h4>");
            foreach (var v in values)
            {
                b.Append(CultureInfo.InvariantCulture, $"<div><a href=\"{E(Link(name, v.Value))}\">{E(v.Value)}</a> ({v.Count})</div>");
            }
        }

        b.Append("</div><div class=results>");
        b.Append(CultureInfo.InvariantCulture, $"<p class=meta>{result.Hits.Total:N0}{(result.TotalIsLowerBound ? "+" : string.Empty)} documents · ");
        b.Append(sort == "relevance" ? $"<a href=\"{E(Link("sort", "date"))}\">newest first</a> · by relevance</p>" : $"newest first · <a href=\"{E(Link("sort", "relevance"))}\">by relevance</a></p>");
        Hits(b, result.Hits.Items);
        if (result.Hits.Offset + result.Hits.Items.Count < result.Hits.Total)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(Link("offset", (result.Hits.Offset + 20).ToString(CultureInfo.InvariantCulture)))}\">More</a></p>");
        }

        b.Append("</div>");
        return Page("Search", b);
    }

    private static async Task<IResult> DocumentPage(IStore store, string id, CancellationToken ct)
    {
        var doc = await store.GetDocumentAsync(id, ct).ConfigureAwait(false);
        if (doc is null)
        {
            return Results.NotFound();
        }

        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<h1>{E(doc.Title ?? doc.Id)}</h1><p class=meta>{E(doc.Site)} · published {E(doc.Published)}");
        if (doc.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            b.Append(CultureInfo.InvariantCulture, $" · <a href=\"{E(uri.AbsoluteUri)}\" rel=\"nofollow noopener\">source</a>");
        }

        b.Append(CultureInfo.InvariantCulture, $" · <a href=\"/api/documents/{U(doc.Id)}\">JSON</a></p>");
        if (doc.People.Count > 0)
        {
            b.Append("<h3>People</h3><ul>");
            var reasons = PeopleReasons(doc.Json);
            for (var i = 0; i < doc.People.Count; i++)
            {
                var p = doc.People[i];
                b.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/actors/{U(p.Name)}\">{E(p.Name)}</a> {E(p.Role)} {(p.Country is null ? string.Empty : "<span class=tag>" + E(p.Country) + "</span>")}");
                if (i < reasons.Count && reasons[i].Count > 0)
                {
                    b.Append("<div class=meta>").Append(E(string.Join("; ", reasons[i]))).Append("</div>");
                }

                b.Append("</li>");
            }

            b.Append("</ul>");
        }

        if (doc.Events.Count > 0)
        {
            b.Append("<h3>Events</h3>");
            for (var i = 0; i < doc.Events.Count; i++)
            {
                var e = doc.Events[i];
                b.Append(CultureInfo.InvariantCulture, $"<div class=ev id=\"event-{i}\"><b>{E(e.Type)}</b> {E(e.Mode)} <span class=tag>CAMEO {E(e.Cameo)}</span> ");
                b.Append(CultureInfo.InvariantCulture, $"{Sides(e.ActorCodes, e.RecipientCodes, " + ")} · {E(e.Date)}").Append(Flags(e.Historical, e.Future, e.Negated));
                if (e.Actors.Count > 0 && e.Recipients.Count > 0)
                {
                    b.Append(CultureInfo.InvariantCulture, $" · <a href=\"/dossier/{U(e.Actors[0])}/{U(e.Recipients[0])}\">dossier</a>");
                }

                foreach (var ev in e.Evidence)
                {
                    b.Append("<div class=evidence-text>“");
                    AppendWithTriggers(b, ev, e.Triggers);
                    b.Append("”</div>");
                }

                if (e.Why.Count > 0)
                {
                    b.Append("<details class=why><summary>Why this coding</summary><ul>");
                    foreach (var reason in e.Why)
                    {
                        b.Append(CultureInfo.InvariantCulture, $"<li>{E(reason)}</li>");
                    }

                    b.Append("</ul></details>");
                }

                b.Append("</div>");
            }
        }

        if (doc.Figures.Count > 0)
        {
            b.Append("<h3>Figures</h3><table><tr><th>Figure</th><th>Value</th><th>About</th></tr>");
            foreach (var f in doc.Figures)
            {
                b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(f.Text)}</td><td>{E(f.Qualifier)} {f.Value.ToString("N0", CultureInfo.InvariantCulture)} {E(f.Unit)}</td><td>{E(f.About)}</td></tr>");
            }

            b.Append("</table>");
        }

        if (doc.Topics.Count > 0)
        {
            b.Append("<h3>Topics</h3><p>").AppendJoin(" ", doc.Topics.Select(t => "<span class=tag>" + E(t) + "</span>")).Append("</p>");
        }

        b.Append("<h3>Text</h3><div class=text><p>");
        AppendHighlighted(b, doc);
        b.Append("</p></div>");
        return Page(doc.Title ?? doc.Id, b);
    }

    /// <summary>An evidence sentence with the trigger words inside it in bold; every piece is encoded.</summary>
    private static void AppendWithTriggers(StringBuilder b, TextRange evidence, IReadOnlyList<TextRange> triggers)
    {
        if (evidence.Text.Length != evidence.End - evidence.Start)
        {
            b.Append(E(evidence.Text));
            return;
        }

        AppendTagged(b, evidence.Text, evidence.Start, triggers.Select(t => (t.Start, t.End)), "<b class=trigger>", "</b>");
    }

    /// <summary>
    /// <paramref name="text"/> (which starts at offset <paramref name="origin"/>) with each span inside it wrapped in
    /// <paramref name="open"/> … <paramref name="close"/>; spans outside the text or overlapping an earlier one are left
    /// out, and every piece of text is encoded.
    /// </summary>
    private static void AppendTagged(StringBuilder b, string text, int origin, IEnumerable<(int Start, int End)> spans, string open, string close)
    {
        var at = 0;
        foreach (var (start, end) in spans.Select(s => (Start: s.Start - origin, End: s.End - origin)).Where(s => s.Start >= 0 && s.End <= text.Length && s.Start < s.End).OrderBy(s => s.Start))
        {
            if (start >= at)
            {
                b.Append(E(text[at..start])).Append(open).Append(E(text[start..end])).Append(close);
                at = end;
            }
        }

        b.Append(E(text[at..]));
    }

    /// <summary>
    /// The text cut at every highlight, trigger and evidence boundary; each piece is encoded and wrapped in its own tags, so
    /// overlapping spans never produce broken markup.
    /// </summary>
    internal static void AppendHighlighted(StringBuilder b, StoredDocument doc)
    {
        var text = doc.Text;
        var marks = new List<Highlight>();
        var end = -1;
        foreach (var h in doc.Highlights.OrderBy(h => h.Start).ThenByDescending(h => h.End))
        {
            if (h.Start >= end && h.Start >= 0 && h.End <= text.Length && h.End > h.Start)
            {
                marks.Add(h);
                end = h.End;
            }
        }

        var evidence = doc.Events.Where(e => !e.Negated).SelectMany(e => e.Evidence).Where(r => r.Start >= 0 && r.End <= text.Length).ToList();
        var triggers = doc.Events.Where(e => !e.Negated).SelectMany(e => e.Triggers).Where(r => r.Start >= 0 && r.End <= text.Length).ToList();
        var cuts = new SortedSet<int> { 0, text.Length };
        foreach (var m in marks)
        {
            cuts.Add(m.Start);
            cuts.Add(m.End);
        }

        foreach (var r in evidence.Concat(triggers))
        {
            cuts.Add(r.Start);
            cuts.Add(r.End);
        }

        var points = cuts.ToList();
        var markIndex = 0;
        for (var i = 0; i + 1 < points.Count; i++)
        {
            var (from, to) = (points[i], points[i + 1]);
            while (markIndex < marks.Count && marks[markIndex].End <= from)
            {
                markIndex++;
            }

            var mark = markIndex < marks.Count && marks[markIndex].Start <= from && to <= marks[markIndex].End ? marks[markIndex] : null;
            var inEvidence = evidence.Any(r => r.Start <= from && to <= r.End);
            var piece = E(text[from..to]);
            if (mark is not null)
            {
                piece = $"<mark class=\"{E(mark.Kind)}\" title=\"{E(mark.Label)}\">{piece}</mark>";
            }

            if (triggers.Any(r => r.Start <= from && to <= r.End))
            {
                piece = $"<b class=trigger>{piece}</b>";
            }

            if (inEvidence)
            {
                piece = $"<span class=evidence>{piece}</span>";
            }

            b.Append(piece);
        }
    }

    private static async Task<IResult> ActorPage(IStore store, string name, CancellationToken ct)
    {
        var actor = await store.ActorAsync(name, ct).ConfigureAwait(false);
        if (actor is null)
        {
            return Results.NotFound();
        }

        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<h1>{E(actor.Name)}</h1><p class=meta>named in {actor.Documents} documents</p>");
        b.Append("<h3>Offices held</h3><table><tr><th>Office</th><th>Country</th><th>From</th><th>To</th><th>Source</th></tr>");
        foreach (var o in actor.Offices)
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(o.Role)}</td><td>{E(o.Country)}</td><td>{E(o.From)}</td><td>{E(o.To ?? "…")}</td><td>{E(o.Source)}</td></tr>");
        }

        b.Append("</table><h3>Timeline of meetings and other events</h3>");
        EventList(b, actor.Events);
        return Page(actor.Name, b);
    }

    /// <summary>Why each person's office and country were given (people[].why of the stored record), in the record's order.</summary>
    private static List<IReadOnlyList<string>> PeopleReasons(string json)
    {
        var reasons = new List<IReadOnlyList<string>>();
        try
        {
            using var record = System.Text.Json.JsonDocument.Parse(json);
            if (record.RootElement.TryGetProperty("people", out var people) && people.ValueKind == System.Text.Json.JsonValueKind.Array)
            {
                foreach (var p in people.EnumerateArray())
                {
                    reasons.Add(p.TryGetProperty("why", out var why) && why.ValueKind == System.Text.Json.JsonValueKind.Array
                        ? [.. why.EnumerateArray().Select(r => r.GetString() ?? string.Empty)]
                        : []);
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // A record that does not parse shows the people without their reasons.
        }

        return reasons;
    }

    /// <summary>An event's first evidence sentence with its trigger words in bold; hovering it shows why the event was coded.</summary>
    private static string Evidence(StoredEvent e)
    {
        if (e.Evidence.Count == 0)
        {
            return string.Empty;
        }

        var b = new StringBuilder();
        b.Append(e.Why.Count > 0 ? $"<span class=because title=\"{E(string.Join("\n", e.Why))}\">“" : "<span>“");
        AppendWithTriggers(b, e.Evidence[0], e.Triggers);
        return b.Append("”</span>").ToString();
    }

    private static void EventList(StringBuilder b, IEnumerable<EventRow> rows)
    {
        b.Append("<table><tr><th>Date</th><th>Event</th><th>Sides</th><th>Evidence</th></tr>");
        foreach (var r in rows)
        {
            var e = r.Event;
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(e.Date)}</td><td>{E(e.Type)} {E(e.Mode)}{Flags(e.Historical, e.Future, negated: false)}</td>");
            b.Append(CultureInfo.InvariantCulture, $"<td>{Sides(e.Actors, e.Recipients, "+")}</td>");
            b.Append("<td>").Append(Evidence(e)).Append(CultureInfo.InvariantCulture, $" <a href=\"/documents/{U(r.DocumentId)}\">{E(r.Site)}</a></td></tr>");
        }

        b.Append("</table>");
    }

    private static async Task<IResult> DossierPage(IStore store, string a, string b, CancellationToken ct)
    {
        if (!CommuniqueServer.Iso3.IsMatch(a) || !CommuniqueServer.Iso3.IsMatch(b))
        {
            return Results.BadRequest("Give two three-letter country codes, e.g. /dossier/KAZ/ITA.");
        }

        var d = await DossierBuilder.BuildAsync(store, a, b, ct).ConfigureAwait(false);
        var h = new StringBuilder();
        h.Append(CultureInfo.InvariantCulture, $"<h1>{E(d.A)} – {E(d.B)}: bilateral dossier</h1><p class=meta>{d.Stories.Count} events from {d.Stories.SelectMany(s => s.Mentions).Select(m => m.DocumentId).Distinct().Count()} documents</p>");
        h.Append("<h3>Events per year by type</h3>");
        h.Append(Chart(d.CountsByYear));
        h.Append("<h3>Timeline</h3><table><tr><th>Date</th><th>Event</th><th>Sides</th><th>Evidence and sources</th></tr>");
        foreach (var s in d.Stories)
        {
            h.Append(CultureInfo.InvariantCulture, $"<tr class=story><td>{E(s.Date)}</td><td><b>{E(s.Type)}</b> {E(s.Mode)}{Flags(s.Historical, s.Future, negated: false)}</td>");
            h.Append(CultureInfo.InvariantCulture, $"<td>{Sides(s.Actors, s.Recipients, "+")}</td><td>");
            foreach (var m in s.Mentions)
            {
                h.Append("<div>").Append(Evidence(m.Event)).Append(CultureInfo.InvariantCulture, $" — <a href=\"/documents/{U(m.DocumentId)}\">{E(m.Site)} {E(m.Published)}</a></div>");
            }

            h.Append("</td></tr>");
        }

        h.Append("</table><h3>Figures the two sides cite</h3><table><tr><th>Date</th><th>About</th><th>Figure</th><th>Sentence</th></tr>");
        foreach (var f in d.Figures)
        {
            h.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(f.Published)}</td><td>{E(f.Figure.About)}</td><td>{E(f.Figure.Text)}</td><td>{E(f.Figure.Sentence.Text)} <a href=\"/documents/{U(f.DocumentId)}\">{E(f.Site)}</a></td></tr>");
        }

        h.Append("</table>");
        if (d.Disagreements.Count > 0)
        {
            h.Append("<h3>Sources that disagree</h3>");
            foreach (var g in d.Disagreements)
            {
                h.Append(CultureInfo.InvariantCulture, $"<p><b>{E(g.About)}</b> {E(g.Unit)}: ");
                h.AppendJoin("; ", g.Figures.Select(f => $"{E(f.Figure.Text)} (<a href=\"/documents/{U(f.DocumentId)}\">{E(f.Site)} {E(f.Published)}</a>)"));
                h.Append("</p>");
            }
        }

        h.Append("<h3>Sectors of cooperation</h3><p>").AppendJoin(" ", d.Sectors.Select(s => $"<span class=tag>{E(s.Value)} ({s.Count})</span>")).Append("</p>");
        h.Append("<h3>Multilateral formats and organisations</h3><p>").AppendJoin(" ", d.Formats.Select(s => $"<span class=tag>{E(s.Value)} ({s.Count})</span>")).Append("</p>");
        return Page($"{d.A}–{d.B}", h);
    }

    /// <summary>A stacked bar per year, one colour per PLOVER type, drawn as inline SVG.</summary>
    internal static string Chart(IReadOnlyList<(string Year, string Type, int Count)> counts)
    {
        if (counts.Count == 0)
        {
            return "<p class=meta>No dated events.</p>";
        }

        string[] palette = ["#1f5fbf", "#d33", "#2a9d4b", "#e08a00", "#7a3fb0", "#00838f", "#8d6e63", "#c2185b", "#546e7a", "#9e9d24"];
        var types = counts.Select(c => c.Type).Distinct().Order(StringComparer.Ordinal).ToList();
        var years = counts.Select(c => c.Year).Distinct().Order(StringComparer.Ordinal).ToList();
        var max = years.Max(y => counts.Where(c => c.Year == y).Sum(c => c.Count));
        const int barWidth = 36, gap = 18, height = 160, top = 10;
        var width = (years.Count * (barWidth + gap)) + 40 + 160;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg role=img aria-label=\"events per year\" width=\"{width}\" height=\"{height + 40}\" viewBox=\"0 0 {width} {height + 40}\" xmlns=\"http://www.w3.org/2000/svg\">");
        for (var i = 0; i < years.Count; i++)
        {
            var x = 30 + (i * (barWidth + gap));
            var y = top + height;
            foreach (var t in types)
            {
                var n = counts.Where(c => c.Year == years[i] && c.Type == t).Sum(c => c.Count);
                if (n == 0)
                {
                    continue;
                }

                var h = (int)Math.Round(height * (double)n / max);
                y -= h;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{barWidth}\" height=\"{h}\" fill=\"{palette[types.IndexOf(t) % palette.Length]}\"><title>{E(years[i])} {E(t)}: {n}</title></rect>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (barWidth / 2)}\" y=\"{top + height + 16}\" font-size=\"12\" text-anchor=\"middle\">{E(years[i])}</text>");
        }

        var legendX = 40 + (years.Count * (barWidth + gap));
        for (var i = 0; i < types.Count; i++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{legendX}\" y=\"{top + (i * 18)}\" width=\"12\" height=\"12\" fill=\"{palette[i % palette.Length]}\"/><text x=\"{legendX + 18}\" y=\"{top + (i * 18) + 11}\" font-size=\"12\">{E(types[i])}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }
}
