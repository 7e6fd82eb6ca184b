using System.Collections.Frozen;
using System.Collections.Immutable;
using Communique.Core;

namespace Communique.Text;

/// <summary>
/// Splits tokens into sentences: at blank lines; at line breaks unless the next line continues in lower
/// case; after . ! ? (and closing quotes or brackets) when the next token starts a sentence, except after
/// title abbreviations and initials. Immutable and thread-safe.
/// </summary>
public sealed class SentenceSplitter
{
    private static readonly FrozenSet<string> SentenceStarters = FrozenSet.Create(StringComparer.Ordinal,
        "The", "He", "She", "It", "They", "We", "I", "This", "These", "That", "Those", "In", "On", "At", "As", "A", "An",
        "But", "And", "However", "Both", "Its", "Their", "His", "Her", "Our", "There", "Following", "During", "After", "Before");

    private readonly Tokenizer _tokenizer;

    /// <summary>Creates a splitter that consults <paramref name="tokenizer"/>'s abbreviations.</summary>
    public SentenceSplitter(Tokenizer tokenizer) => _tokenizer = tokenizer;

    /// <summary>The splitter for <see cref="Tokenizer.Default"/>.</summary>
    public static SentenceSplitter Default { get; } = new(Tokenizer.Default);

    /// <summary>Splits <paramref name="tokens"/> of <paramref name="text"/> into sentences.</summary>
    public ImmutableArray<Sentence> Split(string text, ImmutableArray<Token> tokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = ImmutableArray.CreateBuilder<Sentence>();
        var first = 0;
        for (var j = 1; j <= tokens.Length; j++)
        {
            if (j == tokens.Length || IsBoundary(text, tokens, j))
            {
                if (j > first)
                {
                    sentences.Add(new Sentence(tokens[first].Start, tokens[j - 1].End, first, j - first));
                }

                first = j;
            }
        }

        return sentences.DrainToImmutable();
    }

    private bool IsBoundary(string text, ImmutableArray<Token> tokens, int j)
    {
        var next = tokens[j];
        if (next.Has(TokenFlags.ParagraphStart))
        {
            return true;
        }

        if (next.Has(TokenFlags.LineStart))
        {
            // A hard-wrapped line continues in lower case; anything else on a new line starts anew.
            return !(next.Kind == TokenKind.Word && char.IsLower(text[next.Start]));
        }

        if (!next.Has(TokenFlags.SpaceBefore))
        {
            return false;
        }

        // Step back over closing quotes and brackets to the terminal punctuation.
        var k = j - 1;
        while (k > 0 && tokens[k].Kind == TokenKind.Punctuation && text[tokens[k].Start] is '"' or '\'' or ')' or ']'
               && !tokens[k].Has(TokenFlags.SpaceBefore))
        {
            k--;
        }

        var last = tokens[k];
        var nextChar = text[next.Start];
        var startsSentence = char.IsUpper(nextChar) || char.IsDigit(nextChar) || nextChar is '"' or '(' or '[' or '\'' or '-';
        if (!startsSentence)
        {
            return false;
        }

        if (last.Kind == TokenKind.Punctuation)
        {
            var c = text[last.Start];
            if (c == '.' && k > 0 && tokens[k - 1].Kind == TokenKind.Number && tokens[k - 1].Has(TokenFlags.LineStart) && tokens[k - 1].Length <= 2)
            {
                return false; // "1. Opening remarks": a list number, not a full stop
            }

            return c is '.' or '!' or '?' or '\u2026' || (c == '.' && last.Length == 3);
        }

        if (last.Has(TokenFlags.Abbreviation))
        {
            var word = text.AsSpan(last.Start, last.Length);
            if (word.Length == 2 && char.IsUpper(word[0]))
            {
                return false; // an initial
            }

            if (_tokenizer.TryGetAbbreviation(word, out var kind) && kind == AbbreviationKind.General)
            {
                return SentenceStarters.Contains(text[next.Start..next.End]);
            }

            if (word.Contains('.') && word.IndexOf('.') < word.Length - 1)
            {
                // Dotted forms not in the list (U.N.) behave like general abbreviations.
                return !_tokenizer.TryGetAbbreviation(word, out kind) && SentenceStarters.Contains(text[next.Start..next.End]);
            }
        }

        return false;
    }
}
