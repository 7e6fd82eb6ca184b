using System.IO.Compression;
using System.Text.Json;
using Communique.Tests;

namespace Communique.Ingest.Tests;

/// <summary>
/// Accuracy floors on the evaluation material, so that main text and publication dates never get worse
/// unnoticed: the 181 pages of the article-extraction benchmark and the publication-date pages.
/// </summary>
public sealed class BenchmarkFloorTests
{
    [Fact]
    public void The_scorer_counts_four_token_shingles_per_page_as_the_benchmark_does()
    {
        // Truth has shingles "a b c d" and "b c d e"; the prediction only the first: TP 1, FN 1, FP 0.
        var half = ArticleBodyScore.Score(["a b c d e"], ["a b c d"]);
        Assert.Equal(1.0, half.Precision, 6);
        Assert.Equal(0.5, half.Recall, 6);
        Assert.Equal(0.0, half.Exact, 6);

        // Pages weigh alike whatever their length; punctuation is not a token.
        var two = ArticleBodyScore.Score(["a b c d e", "one two, three"], ["a b c d e", "one two three!"]);
        Assert.Equal(1.0, two.Precision, 6);
        Assert.Equal(1.0, two.Recall, 6);
        Assert.Equal(1.0, two.Exact, 6);
        Assert.Equal(0.0, ArticleBodyScore.Score(["a b c d"], [string.Empty]).F1, 6);
    }

    [SharedFact]
    public void Main_text_of_the_article_benchmark_stays_at_or_above_its_floor()
    {
        var root = SharedData.Path("eval", "article-extraction");
        using var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "ground-truth.json")));
        var extractor = new HtmlArticleExtractor();
        var truths = new List<string>();
        var predictions = new List<string>();
        foreach (var page in truth.RootElement.EnumerateObject())
        {
            using var gzip = new GZipStream(File.OpenRead(Path.Combine(root, "html", page.Name + ".html.gz")), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, detectEncodingFromByteOrderMarks: true);
            truths.Add(page.Value.GetProperty("articleBody").GetString() ?? string.Empty);
            predictions.Add(extractor.Extract(reader.ReadToEnd(), page.Value.GetProperty("url").GetString()).Body);
        }

        var score = ArticleBodyScore.Score(truths, predictions);
        Assert.Equal(181, truths.Count);
        Assert.True(score.F1 >= 0.97, $"main-text F1 {score.F1:0.0000} (P {score.Precision:0.0000}, R {score.Recall:0.0000}) fell below the floor 0.97");
    }

    [SharedFact]
    public void Publication_dates_of_the_date_pages_stay_at_or_above_their_floor()
    {
        var root = SharedData.Path("eval", "dates");
        using var gold = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "eval-subset.json")));
        var reader = new SourceReader();
        var right = 0;
        var total = 0;
        var wrong = new List<string>();
        foreach (var page in gold.RootElement.EnumerateObject())
        {
            var file = Path.Combine(root, page.Value.GetProperty("file").GetString()!);
            var expected = page.Value.GetProperty("date").GetString();
            var document = Assert.Single(reader.DecodeAll(file, File.ReadAllBytes(file), page.Name, null));
            var found = document.Metadata.Published?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            total++;
            if (found == expected)
            {
                right++;
            }
            else
            {
                wrong.Add($"{Path.GetFileName(file)}: {found ?? "none"} for {expected}");
            }
        }

        Assert.Equal(40, total);
        Assert.True(right >= 38, $"{right}/{total} publication dates right, below the floor 38/40 (0.95): {string.Join("; ", wrong)}");
    }
}
