using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Communique.Ingest;

namespace Communique.Benchmarks;

/// <summary>
/// Main-text extraction on the 181 pages of the article-extraction benchmark, scored as its METRIC.md
/// describes (\w+ tokens, 4-gram shingle multisets, per-page normalisation, macro-averaged P/R, F1 from
/// the means), side by side with SmartReader on the same pages in one run, with pages per second.
/// </summary>
internal static class ArticleComparison
{
    /// <summary>
    /// Scores both extractors; with the environment variable <c>ARTICLES_PER_PAGE=1</c> it also lists each page's
    /// precision, recall and F1 (ours) and F1 (SmartReader), worst of ours first; with <c>ARTICLES_DUMP=FILE</c> it only writes our bodies by page id to FILE (JSON); with <c>ARTICLES_PAIRED=1</c> it
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
        if (Environment.GetEnvironmentVariable("ARTICLES_DUMP") is { Length: > 0 } dump)
        {
            // Our article bodies by page id, for looking at what a rule change does to each page.
            File.WriteAllText(dump, JsonSerializer.Serialize(pages.ToDictionary(p => p.Id, Ours)));
            return 0;
        }

        if (perPage)
        {
            PrintPages(pages.Select(p => (p.Id, p.Truth)).ToList(), pages.Select(Ours).ToList(), pages.Select(Theirs).ToList());
        }

        Console.WriteLine("extractor                  precision  recall     F1   exact   pages/s");
        foreach (var (name, extract) in new (string, Func<(string, string, string, string), string>)[] { ("Communique (simple)", Ours), ("SmartReader 0.11.1", Theirs) })
        {
            var predictions = pages.Select(p => extract(p)).ToList();
            var score = ArticleBodyScore.Score(pages.Select(p => p.Truth).ToList(), predictions);
            var (precision, recall, exact) = score;
            var f1 = score.F1;
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
        var rows = pages.Select((page, i) =>
        {
            var o = ArticleBodyScore.Score([page.Truth], [ours[i]]);
            var t = ArticleBodyScore.Score([page.Truth], [theirs[i]]);
            return (page.Id, OP: o.Precision, OR: o.Recall, OF: o.F1, TF: t.F1);
        }).OrderBy(r => r.OF).ToList();
        Console.WriteLine("page                                                                ours-P  ours-R ours-F1  smart-F1");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Id,-66} {r.OP,7:0.000} {r.OR,7:0.000} {r.OF,7:0.000} {r.TF,9:0.000}"));
        }
    }
}
