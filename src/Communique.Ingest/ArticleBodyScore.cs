using System.Text.RegularExpressions;

namespace Communique.Ingest;

/// <summary>
/// Main-text accuracy as the article-extraction benchmark scores it (its METRIC.md): \w+ tokens, multisets of
/// 4-token shingles, each page's counts normalised so that pages weigh alike, precision and recall averaged
/// over pages, F1 from the two averages; <see cref="Exact"/> is the share of pages whose tokens match exactly.
/// </summary>
public readonly partial record struct ArticleBodyScore(double Precision, double Recall, double Exact)
{
    /// <summary>F1 from the averaged precision and recall.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Scores <paramref name="predictions"/> against <paramref name="truths"/>, page by page in the same order.</summary>
    public static ArticleBodyScore Score(IReadOnlyList<string> truths, IReadOnlyList<string> predictions)
    {
        ArgumentNullException.ThrowIfNull(truths);
        ArgumentNullException.ThrowIfNull(predictions);
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

        return new ArticleBodyScore(precisionPages == 0 ? 0 : precisionSum / precisionPages, recallPages == 0 ? 0 : recallSum / recallPages, truths.Count == 0 ? 0 : (double)exact / truths.Count);
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
