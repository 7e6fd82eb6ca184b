using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Communique.Ingest;

namespace Communique.Benchmarks;

/// <summary>
/// Main-text extraction on the 181 pages of the article-extraction benchmark, scored as its METRIC.md
/// describes (\w+ tokens, 4-gram shingle multisets, per-page normalisation, macro-averaged P/R, F1 from
/// the means), side by side with SmartReader on the same pages in one run, with pages per second.
/// </summary>
internal static partial class ArticleComparison
{
    /// <summary>
    /// Scores both extractors; with the environment variable <c>ARTICLES_PER_PAGE=1</c> it also lists each page's
    /// precision, recall and F1 (ours) and F1 (SmartReader), worst of ours first; with <c>ARTICLES_PAIRED=1</c> it
    /// also times both page by page in turn (20 s), which is fairer on a machine shared with other work.
    /// </summary>
    public static int Run(string sharedRoot)
    {
        var perPage = Environment.GetEnvironmentVariable("ARTICLES_PER_PAGE") == "1";
        var root = Path.Combine(sharedRoot, "eval", "article-extraction");
        var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "ground-truth.json"))).RootElement;
        var pages = new List<(string Id, string Url, string Html, string Truth)>();
        foreach (var item in truth.EnumerateObject())
        {
            var path = Path.Combine(root, "html", item.Name + ".html.gz");
            using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, detectEncodingFromByteOrderMarks: true);
            pages.Add((item.Name, item.Value.GetProperty("url").GetString() ?? string.Empty, reader.ReadToEnd(), item.Value.GetProperty("articleBody").GetString() ?? string.Empty));
        }

        var ours = new HtmlArticleExtractor();
        string Ours((string Id, string Url, string Html, string Truth) p) => ours.Extract(p.Html, p.Url).Body;
        string Theirs((string Id, string Url, string Html, string Truth) p)
        {
            try
            {
                return new SmartReader.Reader(p.Url, p.Html).GetArticle().TextContent ?? string.Empty;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return string.Empty;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pages.Count} pages, {pages.Sum(p => p.Html.Length) / 1e6:0.0} M characters of HTML; {Environment.ProcessorCount} cores, .NET {Environment.Version}"));
        if (perPage)
        {
            PrintPages(pages.Select(p => (p.Id, p.Truth)).ToList(), pages.Select(Ours).ToList(), pages.Select(Theirs).ToList());
        }

        Console.WriteLine("extractor                  precision  recall     F1   exact   pages/s");
        foreach (var (name, extract) in new (string, Func<(string, string, string, string), string>)[] { ("Communique (simple)", Ours), ("SmartReader 0.11.1", Theirs) })
        {
            var predictions = pages.Select(p => extract(p)).ToList();
            var (precision, recall, exact) = Score(pages.Select(p => p.Truth).ToList(), predictions);
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            var watch = Stopwatch.StartNew();
            var rounds = 0;
            do
            {
                foreach (var p in pages)
                {
                    extract(p);
                }

                rounds++;
            }
            while (watch.Elapsed < TimeSpan.FromSeconds(5));
            var rate = rounds * pages.Count / watch.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-26} {precision,9:0.000} {recall,7:0.000} {f1,6:0.000} {exact,7:0.000} {rate,9:0.0}"));
        }

        if (Environment.GetEnvironmentVariable("ARTICLES_PAIRED") == "1")
        {
            // Both extractors page by page in turn, so that load from other processes falls on both alike.
            var ticks = new long[2];
            var watch = Stopwatch.StartNew();
            var rounds = 0;
            do
            {
                foreach (var p in pages)
                {
                    var start = Stopwatch.GetTimestamp();
                    Ours(p);
                    var middle = Stopwatch.GetTimestamp();
                    Theirs(p);
                    ticks[0] += middle - start;
                    ticks[1] += Stopwatch.GetTimestamp() - middle;
                }

                rounds++;
            }
            while (watch.Elapsed < TimeSpan.FromSeconds(20));
            var ours2 = rounds * pages.Count / (ticks[0] / (double)Stopwatch.Frequency);
            var theirs2 = rounds * pages.Count / (ticks[1] / (double)Stopwatch.Frequency);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"paired, {rounds} rounds: Communique {ours2:0.0} pages/s, SmartReader {theirs2:0.0} pages/s, ratio {ours2 / theirs2:0.00}"));
        }

        return 0;
    }

    private static void PrintPages(List<(string Id, string Truth)> pages, List<string> ours, List<string> theirs)
    {
        static double F1(double p, double r) => p + r == 0 ? 0 : 2 * p * r / (p + r);
        var rows = pages.Select((page, i) =>
        {
            var (op, or, _) = Score([page.Truth], [ours[i]]);
            var (tp, tr, _) = Score([page.Truth], [theirs[i]]);
            return (page.Id, OP: op, OR: or, OF: F1(op, or), TF: F1(tp, tr));
        }).OrderBy(r => r.OF).ToList();
        Console.WriteLine("page                                                                ours-P  ours-R ours-F1  smart-F1");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Id,-66} {r.OP,7:0.000} {r.OR,7:0.000} {r.OF,7:0.000} {r.TF,9:0.000}"));
        }
    }

    internal static (double Precision, double Recall, double Exact) Score(List<string> truths, List<string> predictions)
    {
        double precisionSum = 0, recallSum = 0;
        int precisionPages = 0, recallPages = 0, exact = 0;
        for (var i = 0; i < truths.Count; i++)
        {
            var t = Tokens(truths[i]);
            var p = Tokens(predictions[i]);
            if (t.SequenceEqual(p))
            {
                exact++;
            }

            var ts = Shingles(t);
            var ps = Shingles(p);
            double tp = 0, fp = 0, fn = 0;
            foreach (var key in ts.Keys.Union(ps.Keys))
            {
                var a = ts.GetValueOrDefault(key);
                var b = ps.GetValueOrDefault(key);
                tp += Math.Min(a, b);
                fp += Math.Max(0, b - a);
                fn += Math.Max(0, a - b);
            }

            var total = tp + fp + fn;
            if (total > 0)
            {
                (tp, fp, fn) = (tp / total, fp / total, fn / total);
            }

            if (tp + fp > 0)
            {
                precisionSum += fp == 0 && fn == 0 ? 1 : tp / (tp + fp);
                precisionPages++;
            }

            if (tp + fn > 0)
            {
                recallSum += fp == 0 && fn == 0 ? 1 : tp / (tp + fn);
                recallPages++;
            }
        }

        return (precisionPages == 0 ? 0 : precisionSum / precisionPages, recallPages == 0 ? 0 : recallSum / recallPages, (double)exact / truths.Count);
    }

    private static List<string> Tokens(string text) => [.. Word().Matches(text).Select(m => m.Value)];

    private static Dictionary<string, int> Shingles(List<string> tokens)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        if (tokens.Count == 0)
        {
            return result;
        }

        if (tokens.Count < 4)
        {
            result[string.Join('\u0001', tokens)] = 1;
            return result;
        }

        for (var i = 0; i + 4 <= tokens.Count; i++)
        {
            var key = string.Join('\u0001', tokens.GetRange(i, 4));
            result[key] = result.GetValueOrDefault(key) + 1;
        }

        return result;
    }

    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();
}
