using System.Globalization;
using System.Text.Json;
using Communique.Core;
using Communique.Extraction;
using Communique.Text;
using static Communique.Cli.JsonRead;

namespace Communique.Cli;

/// <summary>Counts for one scored field.</summary>
internal sealed class FieldScore(string name, bool isAccuracy = false)
{
    public string Name { get; } = name;

    /// <summary>True for fields scored as accuracy on matched items (office, published, direction, mode).</summary>
    public bool IsAccuracy { get; } = isAccuracy;

    public int TruePositives { get; set; }

    public int FalsePositives { get; set; }

    public int FalseNegatives { get; set; }

    public List<string> Misses { get; } = [];

    /// <summary>Misses and extras grouped by their cause (events: no trigger, wrong actor, missing party…), in first-seen order.</summary>
    public Dictionary<string, List<string>> Causes { get; } = [];

    public void AddCause(string cause, string item)
    {
        if (!Causes.TryGetValue(cause, out var list))
        {
            Causes[cause] = list = [];
        }

        list.Add(item);
    }

    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>F1 for sets, accuracy (correct / scored) for per-item checks.</summary>
    public double Score => IsAccuracy ? (TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives)) : F1;
}

/// <summary>
/// Scores predictions against gold files (DESIGN §4): people by name (any alias; people never named are
/// not scored) with office and country on the matched ones; countries as sets of ISO3; figures by kind,
/// value within 0.5% and currency; the publication date exactly; events by type and participating states,
/// with direction and CONSULT mode on the matches; topics, places and organisations leniently.
/// </summary>
internal sealed class Evaluator(Lexicons lexicons)
{
    public static readonly string[] FieldOrder =
        ["people", "office", "person-country", "countries", "figures", "published", "events", "direction", "mode", "negated", "topics", "places", "organizations"];

    private readonly Dictionary<string, FieldScore> _fields = FieldOrder.ToDictionary(f => f,
        f => new FieldScore(f, f is "office" or "person-country" or "published" or "direction" or "mode" or "negated"));

    public IReadOnlyDictionary<string, FieldScore> Fields => _fields;

    public int Documents { get; private set; }

    public List<string> MissingPredictions { get; } = [];

    public void Score(JsonElement gold, JsonElement? prediction)
    {
        Documents++;
        var doc = Str(gold, "doc") ?? "?";
        if (prediction is not { } pred)
        {
            MissingPredictions.Add(doc);
            pred = JsonDocument.Parse("{}").RootElement;
        }

        ScorePeople(doc, gold, pred);
        ScoreSet(doc, "countries", Strings(gold, "countries"), PredictedCountries(pred), exact: true);
        ScoreFigures(doc, gold, pred);
        var published = Str(gold, "published");
        var predictedDate = Str(pred, "published");
        Count("published", doc, published == predictedDate, $"published {predictedDate ?? "none"} ≠ {published}");
        ScoreEvents(doc, gold, pred);
        ScoreSet(doc, "topics", Strings(gold, "topics"), Array(pred, "topics").Select(t => Str(t, "label") ?? string.Empty).ToList(), exact: false);
        // Places and organisations compare through the lexicons' aliases: "NATO" is the North Atlantic Treaty Organization.
        ScoreSet(doc, "places", Strings(gold, "places").Select(Canonical).ToList(), Array(pred, "entities").Where(e => Str(e, "type") is "CITY" or "REGION" or "VENUE").Select(e => Canonical(Str(e, "name") ?? string.Empty)).ToList(), exact: false);
        ScoreSet(doc, "organizations", Strings(gold, "organizations").Select(Canonical).ToList(), Array(pred, "entities").Where(e => Str(e, "type") is "ORG" or "FORUM" or "COMPANY").Select(e => Canonical(Str(e, "name") ?? string.Empty)).ToList(), exact: false);
    }

    private void ScorePeople(string doc, JsonElement gold, JsonElement pred)
    {
        var field = _fields["people"];
        var golds = Array(gold, "people").Where(p => !(p.TryGetProperty("named_in_text", out var n) && n.ValueKind == JsonValueKind.False)).ToList();
        var unscored = Array(gold, "people").Where(p => p.TryGetProperty("named_in_text", out var n) && n.ValueKind == JsonValueKind.False)
            .Select(p => Key(Str(p, "name") ?? string.Empty)).ToHashSet();
        var preds = Array(pred, "people")
            .Where(p => !(p.TryGetProperty("named_in_text", out var n) && n.ValueKind == JsonValueKind.False) && !unscored.Contains(Key(Str(p, "name") ?? string.Empty)))
            .ToList();
        var used = new bool[preds.Count];
        foreach (var g in golds)
        {
            var goldName = Str(g, "name") ?? string.Empty;
            var goldKeys = new HashSet<string>(Strings(g, "aliases").Append(goldName).Select(Key).Where(k => !k.StartsWith("the ", StringComparison.Ordinal)));
            var match = -1;
            for (var i = 0; i < preds.Count && match < 0; i++)
            {
                if (!used[i] && Key(Str(preds[i], "name") ?? string.Empty) == Key(goldName))
                {
                    match = i;
                }
            }

            for (var i = 0; i < preds.Count && match < 0; i++)
            {
                var predKeys = Array(preds[i], "mentions").Select(m => Key(Str(m, "text") ?? string.Empty)).Append(Key(Str(preds[i], "name") ?? string.Empty));
                if (!used[i] && predKeys.Any(goldKeys.Contains))
                {
                    match = i;
                }
            }

            if (match < 0)
            {
                field.FalseNegatives++;
                field.Misses.Add($"{doc}: missed person {goldName}");
                continue;
            }

            used[match] = true;
            field.TruePositives++;
            var goldRole = Str(g, "role");
            var predRole = Str(preds[match], "role");
            var roleOk = (goldRole is null && predRole is null)
                         || (goldRole is not null && predRole is not null && RoleKey(goldRole) == RoleKey(predRole));
            Count("office", doc, roleOk, $"{goldName}: office '{predRole ?? "null"}' ≠ '{goldRole ?? "null"}'");
            var goldCountry = Str(g, "country");
            var predCountry = Str(preds[match], "country");
            Count("person-country", doc, goldCountry == predCountry, $"{goldName}: country {predCountry ?? "null"} ≠ {goldCountry ?? "null"}");
        }

        for (var i = 0; i < preds.Count; i++)
        {
            if (!used[i])
            {
                field.FalsePositives++;
                field.Misses.Add($"{doc}: extra person {Str(preds[i], "name")}");
            }
        }
    }

    private void ScoreFigures(string doc, JsonElement gold, JsonElement pred)
    {
        var field = _fields["figures"];
        var preds = Array(pred, "quantities").ToList();
        var used = new bool[preds.Count];
        foreach (var g in Array(gold, "quantities"))
        {
            var kind = Str(g, "kind");
            var value = Num(g, "value");
            var unit = Str(g, "unit");
            var match = -1;
            for (var i = 0; i < preds.Count && match < 0; i++)
            {
                var p = preds[i];
                if (used[i] || Str(p, "kind") != kind || Math.Abs(Num(p, "value") - value) > Math.Abs(value) * 0.005)
                {
                    continue;
                }

                if (kind == "money" && !string.Equals(Str(p, "unit"), unit, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                match = i;
            }

            if (match < 0)
            {
                field.FalseNegatives++;
                field.Misses.Add($"{doc}: missed figure {kind} {value.ToString(CultureInfo.InvariantCulture)} {unit} '{Str(g, "text")}'");
            }
            else
            {
                used[match] = true;
                field.TruePositives++;
            }
        }

        for (var i = 0; i < preds.Count; i++)
        {
            if (!used[i])
            {
                field.FalsePositives++;
                field.Misses.Add($"{doc}: extra figure {Str(preds[i], "kind")} {Num(preds[i], "value").ToString(CultureInfo.InvariantCulture)} '{Str(preds[i], "text")}'");
            }
        }
    }

    private void ScoreEvents(string doc, JsonElement gold, JsonElement pred)
    {
        var field = _fields["events"];
        var preds = Array(pred, "events").Where(e => !(e.TryGetProperty("negated", out var n) && n.ValueKind == JsonValueKind.True)).ToList();
        var used = new bool[preds.Count];
        // Match each gold event to a prediction of the same type and states, preferring one with the same
        // direction (and mode), so that A→B and B→A pair up right.
        var goldEvents = Array(gold, "events").ToList();
        var matches = new int[goldEvents.Count];
        System.Array.Fill(matches, -1);
        for (var pass = 0; pass < 3; pass++)
        {
            for (var gi = 0; gi < goldEvents.Count; gi++)
            {
                if (matches[gi] >= 0)
                {
                    continue;
                }

                var g = goldEvents[gi];
                var states = Strings(g, "actor").Concat(Strings(g, "recipient")).ToHashSet();
                for (var i = 0; i < preds.Count; i++)
                {
                    if (used[i] || !string.Equals(Str(preds[i], "type"), Str(g, "type"), StringComparison.OrdinalIgnoreCase) || !Participants(preds[i]).SetEquals(states))
                    {
                        continue;
                    }

                    var sameDirection = Strings(g, "actor").ToHashSet().SetEquals(Array(preds[i], "actor").Select(a => Str(a, "country") ?? string.Empty));
                    var sameFlags = Bool(g, "historical") == Bool(preds[i], "historical") && Str(g, "mode") == Str(preds[i], "mode");
                    if ((pass == 0 && sameDirection && sameFlags) || (pass == 1 && sameDirection) || pass == 2)
                    {
                        matches[gi] = i;
                        used[i] = true;
                        break;
                    }
                }
            }
        }

        var explains = new int[preds.Count];
        System.Array.Fill(explains, -1);
        for (var gi = 0; gi < goldEvents.Count; gi++)
        {
            var g = goldEvents[gi];
            var type = Str(g, "type");
            var match = matches[gi];
            if (match < 0)
            {
                field.FalseNegatives++;
                var (cause, near) = MissCause(g, preds, used, explains);
                if (near >= 0)
                {
                    explains[near] = gi;
                }

                var line = $"{doc}: missed event {type} {Sides(Strings(g, "actor"), Strings(g, "recipient"))}";
                field.Misses.Add(line);
                var note = Str(g, "note") is { Length: > 0 } n ? $" — gold: {(n.Length > 140 ? n[..140] + "…" : n)}" : string.Empty;
                field.AddCause("missed: " + cause, (near >= 0 ? $"{line} (coded {Str(preds[near], "type")} {Sides(PredSides(preds[near], "actor"), PredSides(preds[near], "recipient"))})" : line) + note);
                continue;
            }

            field.TruePositives++;
            var p = preds[match];
            var directionOk = Strings(g, "actor").ToHashSet().SetEquals(PredSides(p, "actor"));
            Count("direction", doc, directionOk, $"event {type}: direction differs");
            if (!directionOk)
            {
                field.AddCause("matched, direction reversed", $"{doc}: {type} {Sides(Strings(g, "actor"), Strings(g, "recipient"))} coded {Sides(PredSides(p, "actor"), PredSides(p, "recipient"))}");
            }

            if (type == "CONSULT")
            {
                Count("mode", doc, Str(g, "mode") == Str(p, "mode"), $"CONSULT mode {Str(p, "mode") ?? "null"} ≠ {Str(g, "mode") ?? "null"}");
            }
        }

        for (var i = 0; i < preds.Count; i++)
        {
            if (!used[i])
            {
                field.FalsePositives++;
                var line = $"{doc}: extra event {Str(preds[i], "type")} {Sides(PredSides(preds[i], "actor"), PredSides(preds[i], "recipient"))}";
                field.Misses.Add(line);
                var duplicate = Enumerable.Range(0, preds.Count).Any(k => used[k] && k != i && Str(preds[k], "type") == Str(preds[i], "type") && Participants(preds[k]).SetEquals(Participants(preds[i])));
                field.AddCause(explains[i] >= 0 ? "extra: the coding of a missed event (above)" : duplicate ? "extra: a second event with the same type and sides (split mention)" : "extra: no such event in the gold", line + Evidence(preds[i]));
            }
        }

        foreach (var g in Array(gold, "negated_events"))
        {
            var type = Str(g, "type");
            var states = Strings(g, "actor").Concat(Strings(g, "recipient")).ToHashSet();
            var emitted = preds.Any(p => string.Equals(Str(p, "type"), type, StringComparison.OrdinalIgnoreCase) && Participants(p).SetEquals(states));
            Count("negated", doc, !emitted, $"negated {type} emitted as a plain event");
        }
    }

    /// <summary>
    /// Why a gold event was missed, judged from the predictions left unmatched in the document: a prediction with
    /// the same sides and another type (wrong type); one of the same type with a side wrong, missing or added; or
    /// nothing of that type and sides at all (no trigger: the event's sentence coded nothing that comes near).
    /// </summary>
    private static (string Cause, int Near) MissCause(JsonElement g, List<JsonElement> preds, bool[] used, int[] explains)
    {
        var type = Str(g, "type");
        var actor = Strings(g, "actor").ToHashSet();
        var recipient = Strings(g, "recipient").ToHashSet();
        var states = actor.Concat(recipient).ToHashSet();
        var free = Enumerable.Range(0, preds.Count).Where(i => !used[i] && explains[i] < 0).ToList();
        foreach (var i in free)
        {
            if (!string.Equals(Str(preds[i], "type"), type, StringComparison.OrdinalIgnoreCase) && Participants(preds[i]).SetEquals(states))
            {
                return ("wrong type", i);
            }
        }

        foreach (var i in free.Where(i => string.Equals(Str(preds[i], "type"), type, StringComparison.OrdinalIgnoreCase)))
        {
            var parts = Participants(preds[i]);
            var predActor = PredSides(preds[i], "actor").ToHashSet();
            var predRecipient = PredSides(preds[i], "recipient").ToHashSet();
            var cause = parts.IsProperSubsetOf(states) ? "missing party"
                : parts.IsProperSupersetOf(states) ? "extra party"
                : recipient.Count > 0 && predRecipient.SetEquals(recipient) ? "wrong actor"
                : predActor.SetEquals(actor) ? "wrong recipient"
                : parts.Overlaps(states) ? "wrong participants" : null;
            if (cause is not null)
            {
                return (cause, i);
            }
        }

        return ("no trigger (nothing of that type with those sides)", -1);
    }

    private static IEnumerable<string> PredSides(JsonElement e, string side) => Array(e, side).Select(a => Str(a, "country") ?? string.Empty).Where(c => c.Length > 0);

    private static string Sides(IEnumerable<string> actor, IEnumerable<string> recipient) => $"{string.Join("+", actor)}→{string.Join("+", recipient)}";

    private static string Evidence(JsonElement e)
    {
        var evidence = e.TryGetProperty("evidence", out var ev) && ev.ValueKind == JsonValueKind.Object ? Str(ev, "text")
            : Array(e, "evidence").Select(m => Str(m, "text")).FirstOrDefault(t => t is not null);
        return evidence is null ? string.Empty : $" “{(evidence.Length > 140 ? evidence[..140] + "…" : evidence)}”";
    }

    private void ScoreSet(string doc, string name, IReadOnlyCollection<string> gold, IReadOnlyCollection<string> predicted, bool exact)
    {
        var field = _fields[name];
        var remaining = predicted.Where(p => p.Length > 0).Select(p => (Raw: p, Key: Key(p))).DistinctBy(p => p.Key).ToList();
        foreach (var g in gold.Select(g => (Raw: g, Key: Key(g))).DistinctBy(g => g.Key))
        {
            var index = remaining.FindIndex(p => p.Key == g.Key);
            if (index < 0 && !exact)
            {
                index = remaining.FindIndex(p => p.Key.Contains(g.Key, StringComparison.Ordinal) || g.Key.Contains(p.Key, StringComparison.Ordinal));
            }

            if (index < 0)
            {
                field.FalseNegatives++;
                field.Misses.Add($"{doc}: missed {name} '{g.Raw}'");
            }
            else
            {
                field.TruePositives++;
                remaining.RemoveAt(index);
            }
        }

        foreach (var p in remaining)
        {
            field.FalsePositives++;
            field.Misses.Add($"{doc}: extra {name} '{p.Raw}'");
        }
    }

    private void Count(string name, string doc, bool ok, string miss)
    {
        var field = _fields[name];
        if (ok)
        {
            field.TruePositives++;
        }
        else
        {
            field.FalseNegatives++;
            field.Misses.Add($"{doc}: {miss}");
        }
    }

    private Dictionary<string, string>? _canonical;

    private string Canonical(string name)
    {
        _canonical ??= lexicons.Organizations.SelectMany(o => o.Aliases.Append(o.Name).Select(a => (Key: Key(a), o.Name)))
            .Concat(lexicons.Places.SelectMany(p => p.Aliases.Append(p.Name).Select(a => (Key: Key(a), p.Name))))
            .GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
        return _canonical.TryGetValue(Key(name), out var canonical) ? canonical : name;
    }

    private string RoleKey(string role) => Key(lexicons.CanonicalRole(role)).Replace('-', ' ');

    private static List<string> PredictedCountries(JsonElement pred)
    {
        var countries = Array(pred, "entities").Where(e => Str(e, "type") == "COUNTRY").Select(e => Str(e, "code") ?? string.Empty).ToList();
        foreach (var e in Array(pred, "events"))
        {
            countries.AddRange(Participants(e));
        }

        return [.. countries.Where(c => c.Length == 3).Distinct()];
    }

    private static HashSet<string> Participants(JsonElement e) =>
        Array(e, "actor").Concat(Array(e, "recipient")).Select(a => Str(a, "country") ?? string.Empty).Where(c => c.Length > 0).ToHashSet();

    private static string Key(string s) => TextNormalizer.Key(s.Replace('–', '-').Replace('—', '-'));
}
