using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Communique.Core;
using Communique.Extraction;
using Communique.Ingest;
using Communique.Text;
using Microsoft.Recognizers.Text;
using Microsoft.Recognizers.Text.Number;
using Microsoft.Recognizers.Text.NumberWithUnit;

namespace Communique.Benchmarks;

/// <summary>
/// Figures side by side: Communique's pipeline and Microsoft.Recognizers.Text (currency, percentage,
/// ordinal and number recognizers) on the same texts of the dev set and the seed, scored like
/// <c>communique eval</c> (kind, value within 0.5%, currency for money), then timed on the same texts.
/// </summary>
internal static class FiguresComparison
{
    private sealed record Figure(string Kind, double Value, string? Unit, string Text);

    public static int Run(string? sharedRoot)
    {
        sharedRoot ??= Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../shared"));
        var dev = Path.Combine(sharedRoot, "eval", "dev");
        if (!Directory.Exists(dev))
        {
            Console.Error.WriteLine($"shared evaluation material not found at {sharedRoot}; pass its path as the second argument.");
            return 2;
        }

        // Gold: dev .txt/.html documents and the seed (feeds are scored per item by communique eval; left out here).
        var cases = new List<(string Text, DocumentMetadata Meta, List<Figure> Gold)>();
        var reader = new SourceReader();
        foreach (var goldFile in Directory.EnumerateFiles(dev, "dev-*.json").Order(System.StringComparer.Ordinal).Append(Path.Combine(sharedRoot, "eval", "gold", "seed-000.json")))
        {
            var gold = JsonDocument.Parse(File.ReadAllText(goldFile)).RootElement;
            if (gold.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var docName = gold.GetProperty("doc").GetString()!;
            var path = goldFile.EndsWith("seed-000.json", StringComparison.Ordinal) ? Path.Combine(sharedRoot, "seeds", docName) : Path.Combine(dev, docName);
            var raw = reader.ReadAsync(path).GetAwaiter().GetResult().Single().Document!;
            var figures = gold.GetProperty("quantities").EnumerateArray().Select(q => new Figure(q.GetProperty("kind").GetString()!, q.GetProperty("value").GetDouble(),
                q.TryGetProperty("unit", out var u) ? u.GetString() : null, q.GetProperty("text").GetString()!)).ToList();
            cases.Add((raw.Text, raw.Metadata, figures));
        }

        var pipeline = ExtractionPipeline.Create();
        List<Figure> Ours(string text, DocumentMetadata meta)
        {
            var document = DocumentFactory.Create(text, meta);
            pipeline.Process(document);
            return [.. document.Get(Layers.Quantities).Select(q => new Figure(q.Kind.ToString().ToLowerInvariant(), (double)q.Value, q.Unit, q.Text))];
        }

        var totals = new double[pipeline.Components.Length];
        for (var round = 0; round < 20; round++)
        {
            foreach (var c in cases)
            {
                var document = DocumentFactory.Create(c.Text, c.Meta);
                for (var k = 0; k < pipeline.Components.Length; k++)
                {
                    var start = Stopwatch.GetTimestamp();
                    pipeline.Components[k].Process(document, CancellationToken.None);
                    totals[k] += Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
            }
        }

        Console.WriteLine("time by component (ms per document): " + string.Join(", ", pipeline.Components.Select((c, k) => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {totals[k] / (20 * cases.Count):0.000}"))));
        var ours = Score(cases, c => Ours(c.Text, c.Meta));
        var theirs = Score(cases, c => Recognizers(c.Text));

        // Speed on the same texts, each repeated until about a second has passed.
        var oursRate = Rate(cases, c => Ours(c.Text, c.Meta).Count);
        var theirsRate = Rate(cases, c => Recognizers(c.Text).Count);
        var bytes = cases.Sum(c => System.Text.Encoding.UTF8.GetByteCount(c.Text));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{cases.Count} documents, {bytes:N0} bytes, {cases.Sum(c => c.Gold.Count)} gold figures; {Environment.ProcessorCount} cores, .NET {Environment.Version}"));
        Console.WriteLine("system                               precision  recall     F1   docs/s     MB/s");
        foreach (var (name, score, rate) in new[] { ("Communique (whole pipeline)", ours, oursRate), ("Microsoft.Recognizers.Text 1.8.13", theirs, theirsRate) })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-36} {score.P,9:0.000} {score.R,7:0.000} {score.F,6:0.000} {rate,8:0} {rate * bytes / cases.Count / 1e6,8:0.00}"));
        }

        return 0;
    }

    private static (double P, double R, double F) Score(List<(string Text, DocumentMetadata Meta, List<Figure> Gold)> cases, Func<(string Text, DocumentMetadata Meta, List<Figure> Gold), List<Figure>> system)
    {
        int tp = 0, fp = 0, fn = 0;
        foreach (var c in cases)
        {
            var predicted = system(c);
            var used = new bool[predicted.Count];
            foreach (var g in c.Gold)
            {
                var i = predicted.FindIndex(p => !used[predicted.IndexOf(p)] && p.Kind == g.Kind && Math.Abs(p.Value - g.Value) <= Math.Abs(g.Value) * 0.005
                                                  && (g.Kind != "money" || string.Equals(p.Unit, g.Unit, StringComparison.OrdinalIgnoreCase)));
                if (i >= 0)
                {
                    used[i] = true;
                    tp++;
                }
                else
                {
                    fn++;
                }
            }

            fp += used.Count(u => !u);
        }

        var p = tp + fp == 0 ? 1 : (double)tp / (tp + fp);
        var r = tp + fn == 0 ? 1 : (double)tp / (tp + fn);
        return (p, r, p + r == 0 ? 0 : 2 * p * r / (p + r));
    }

    private static double Rate(List<(string Text, DocumentMetadata Meta, List<Figure> Gold)> cases, Func<(string Text, DocumentMetadata Meta, List<Figure> Gold), int> system)
    {
        foreach (var c in cases)
        {
            system(c); // warm up
        }

        var watch = Stopwatch.StartNew();
        var done = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(2))
        {
            foreach (var c in cases)
            {
                system(c);
                done++;
            }
        }

        return done / watch.Elapsed.TotalSeconds;
    }

    /// <summary>The peer's recognizers mapped to our kinds: currency → money, percentage → percent, ordinal → ordinal, number → count.</summary>
    private static List<Figure> Recognizers(string text)
    {
        var figures = new List<Figure>();
        var taken = new List<(int Start, int End)>();
        void Add(IEnumerable<ModelResult> results, string kind)
        {
            foreach (var r in results)
            {
                if (taken.Any(t => r.Start <= t.End && t.Start <= r.End))
                {
                    continue;
                }

                var resolution = r.Resolution;
                if (resolution is null || !resolution.TryGetValue("value", out var v) || v is null || !double.TryParse(v.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    continue;
                }

                string? unit = null;
                if (kind == "money")
                {
                    unit = resolution.TryGetValue("isoCurrency", out var iso) ? iso?.ToString() : null;
                }

                figures.Add(new Figure(kind, value, unit, r.Text));
                taken.Add((r.Start, r.End));
            }
        }

        Add(NumberWithUnitRecognizer.RecognizeCurrency(text, Culture.English), "money");
        Add(NumberRecognizer.RecognizePercentage(text, Culture.English), "percent");
        Add(NumberRecognizer.RecognizeOrdinal(text, Culture.English), "ordinal");
        Add(NumberRecognizer.RecognizeNumber(text, Culture.English), "count");
        return figures;
    }
}
