using System.Collections.Immutable;
using Communique.Core;
using Communique.Text;

namespace Communique.Extraction;

/// <summary>A lexicon phrase found in the text.</summary>
public readonly record struct LexicalMatch(int FirstToken, int TokenCount, int Start, int End, LexHit Hit)
{
    /// <summary>Index one past the last token.</summary>
    public int EndToken => FirstToken + TokenCount;
}

/// <summary>Layers that the extraction components share.</summary>
public static class ExtractionLayers
{
    /// <summary>Lexicon phrases: at each position the longest phrase whose case fits, all its readings kept.</summary>
    public static readonly AnnotationLayer<LexicalMatch> Lexical = new("lexical");
}

/// <summary>
/// Matches every lexicon phrase against the tokens. At each token the longest phrase whose capitalisation
/// fits the text wins (country and place names must be capitalised, acronyms written in capitals, titles
/// and topics in any case); all readings of that phrase are kept (Georgia: country and US state), and
/// matching resumes after it.
/// </summary>
public sealed class LexicalComponent(Lexicons lexicons) : IDocumentComponent
{
    /// <inheritdoc />
    public string Name => "lexical";

    /// <inheritdoc />
    public IReadOnlyList<AnnotationLayer> Requires => [Layers.Tokens];

    /// <inheritdoc />
    public IReadOnlyList<AnnotationLayer> Assigns => [ExtractionLayers.Lexical, LexicalIndex.Layer];

    /// <inheritdoc />
    public void Process(Document document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var tokens = document.Tokens;
        var text = document.MatchText;
        var results = ImmutableArray.CreateBuilder<LexicalMatch>(Math.Max(16, tokens.Length / 4));
        var candidates = new List<PhraseMatch<LexHit>>(8);
        var i = 0;
        while (i < tokens.Length)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            candidates.Clear();
            var token = tokens[i];
            if (token.Kind is TokenKind.Word or TokenKind.Symbol or TokenKind.Number)
            {
                lexicons.Matcher.MatchPrefixesAt(text, tokens, i, tokens.Length, candidates);
            }

            var bestLength = 0;
            for (var c = candidates.Count - 1; c >= 0 && bestLength == 0; c--)
            {
                foreach (var hit in candidates[c].Values)
                {
                    if (CaseFits(text, tokens, i, hit))
                    {
                        bestLength = candidates[c].TokenCount;
                        break;
                    }
                }
            }

            if (bestLength == 0)
            {
                i++;
                continue;
            }

            var match = candidates[0];
            foreach (var candidate in candidates)
            {
                if (candidate.TokenCount == bestLength)
                {
                    match = candidate;
                    break;
                }
            }
            foreach (var hit in match.Values)
            {
                if (CaseFits(text, tokens, i, hit))
                {
                    results.Add(new LexicalMatch(i, bestLength, match.Start, match.End, hit));
                }
            }

            i += bestLength;
        }

        document.Set(ExtractionLayers.Lexical, results.DrainToImmutable());
        document.Set(LexicalIndex.Layer, [new LexicalIndex(document)]);
    }

    private static bool CaseFits(string text, ImmutableArray<Token> tokens, int first, LexHit hit)
    {
        if ((hit.CapitalMask | hit.CapsMask) == 0)
        {
            return true;
        }

        for (var b = 0; b < 32; b++)
        {
            var bit = 1u << b;
            if (((hit.CapitalMask | hit.CapsMask) & bit) == 0)
            {
                continue;
            }

            if (first + b >= tokens.Length)
            {
                return false;
            }

            var t = tokens[first + b];
            if ((hit.CapsMask & bit) != 0 ? !t.Has(TokenFlags.AllCaps) && !(t.Length == 1 && char.IsUpper(text[t.Start]))
                    : !t.Has(TokenFlags.Capitalized))
            {
                return false;
            }
        }

        return true;
    }
}
