using System.Collections.Immutable;
using Communique.Core;
using System.Collections.Frozen;
using Communique.Text;

namespace Communique.Extraction;

/// <summary>
/// Figures: money (symbols, codes and currency words; thousand/million/billion/bn/mln; "$ 20 billion"),
/// counts with the counted noun, numbers in words, percentages, ranks ("top three", "fifth largest"),
/// durations and ordinals, each with its qualifier ("up to", "more than", "about", "almost") and what it is
/// about. Dates, years, clock times, list numbers, designations (Il-76, Kambarata-1), phone-like strings
/// and dyad phrases ("the two countries") are not figures.
/// </summary>
public sealed class QuantityComponent : IDocumentComponent
{
    private readonly Lexicons lexicons;
    private readonly System.Collections.Frozen.FrozenDictionary<string, (string Stem, string Label)[]>.AlternateLookup<ReadOnlySpan<char>> _measuresByPrefix;

    /// <summary>Creates the component.</summary>
    public QuantityComponent(Lexicons lexicons)
    {
        this.lexicons = lexicons;
        var measures = lexicons.FigureWords.TryGetValue("measure", out var m) ? m : System.Collections.Frozen.FrozenDictionary<string, string>.Empty;
        _measuresByPrefix = measures.Where(kv => kv.Key.Length >= 3)
            .GroupBy(kv => kv.Key[..3], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(kv => (kv.Key, kv.Value)).OrderByDescending(x => x.Key.Length).ToArray(), StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Digit strings longer than this without separators are identifiers (phones, codes), not figures.</summary>
    public const int MaxPlainDigits = 7;

    /// <summary>How many tokens a counted noun phrase may span after the number.</summary>
    public const int MaxCountedNounTokens = 4;

    /// <inheritdoc />
    public string Name => "quantities";

    /// <inheritdoc />
    public IReadOnlyList<AnnotationLayer> Requires => [Layers.Tokens, Layers.Sentences, Layers.Dates, ExtractionLayers.Lexical, LexicalIndex.Layer];

    /// <inheritdoc />
    public IReadOnlyList<AnnotationLayer> Assigns => [Layers.Quantities];

    /// <inheritdoc />
    public void Process(Document document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var index = LexicalIndex.Of(document);
        var tokens = index.Tokens;
        var inDate = new bool[tokens.Length];
        var dates = document.Get(Layers.Dates);
        var d = 0;
        for (var t = 0; t < tokens.Length; t++)
        {
            while (d < dates.Length && dates[d].End <= tokens[t].Start)
            {
                d++;
            }

            inDate[t] = d < dates.Length && dates[d].Start <= tokens[t].Start && tokens[t].End <= dates[d].End;
        }

        var results = ImmutableArray.CreateBuilder<QuantityAnnotation>();
        var i = 0;
        while (i < tokens.Length)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (!inDate[i] && TryFigure(index, i, out var figure, out var next))
            {
                results.Add(figure);
                i = next;
            }
            else
            {
                i++;
            }
        }

        document.Set(Layers.Quantities, results.DrainToImmutable());
    }

    private bool TryFigure(LexicalIndex index, int i, out QuantityAnnotation figure, out int next)
    {
        figure = null!;
        next = i + 1;
        var tokens = index.Tokens;
        var token = tokens[i];
        var text = index.Document.Text;

        decimal value;
        int numberEnd;
        var ordinal = false;
        var words = false;
        if (token.Kind == TokenKind.Number)
        {
            if (!NumberParser.TryParseNumeral(index.Word(i), out value) || IsDesignation(index, i) || IsListNumber(index, i)
                || (token.Length > MaxPlainDigits && !index.Word(i).ContainsAny(',', '.')))
            {
                return false;
            }

            numberEnd = i + 1;
            // "1 284" — thousands grouped by a space.
            while (numberEnd < tokens.Length && tokens[numberEnd].Kind == TokenKind.Number && tokens[numberEnd].Length == 3
                   && text[tokens[numberEnd - 1].End] == ' ' && tokens[numberEnd].Start == tokens[numberEnd - 1].End + 1 && value < 1000 && value == decimal.Truncate(value))
            {
                value = (value * 1000) + decimal.Parse(index.Word(numberEnd), System.Globalization.CultureInfo.InvariantCulture);
                numberEnd++;
            }
        }
        else if (token.Kind == TokenKind.Word && token.Has(TokenFlags.HasDigit) && NumberParser.TryParseOrdinalNumeral(index.Word(i), out var ord))
        {
            value = ord;
            numberEnd = i + 1;
            ordinal = true;
        }
        else if (token.Kind == TokenKind.Word && NumberParser.Default.TryParseWords(index.Text, tokens, i, tokens.Length, out var parsed))
        {
            value = parsed.Value;
            numberEnd = parsed.EndToken;
            ordinal = parsed.IsOrdinal;
            words = true;
        }
        else if (token.Kind == TokenKind.Word && (index.Is(i, "an") || index.Is(i, "a")) && i + 1 < tokens.Length
                 && (index.Is(i + 1, "hour") || index.Is(i + 1, "minute")))
        {
            value = 1; // "more than an hour", "an hour and a half"
            numberEnd = i + 1;
            words = true;
        }
        else
        {
            return false;
        }

        // Scale words: 7.6 billion · 1.2 bn · 350 mln
        var scaled = false;
        while (numberEnd < tokens.Length && NumberParser.Default.TryGetWord(index.Word(numberEnd), out var scale) && scale.Type == NumberWordType.Scale && !words)
        {
            value *= scale.Value;
            numberEnd++;
            scaled = true;
        }

        var start = i;
        var end = numberEnd;
        string? unit = null;
        QuantityKind kind;

        // Money: currency before ($7.6 billion, EUR 350 million, US$ 5 million) or after (15.8 billion yen).
        var currencyBefore = index.EndingAt(i - 1).FirstOrDefault(m => m.Hit.Kind == LexKind.Currency);
        var currencyAfter = numberEnd < tokens.Length ? index.StartingAt(numberEnd).FirstOrDefault(m => m.Hit.Kind == LexKind.Currency) : default;
        if (!scaled && numberEnd < tokens.Length && currencyBefore.TokenCount > 0 && (index.Is(numberEnd, "m") || index.Is(numberEnd, "k")))
        {
            value *= index.Is(numberEnd, "m") ? 1_000_000 : 1_000;
            numberEnd++;
            end = numberEnd;
            currencyAfter = numberEnd < tokens.Length ? index.StartingAt(numberEnd).FirstOrDefault(m => m.Hit.Kind == LexKind.Currency) : default;
        }

        if (currencyBefore.TokenCount > 0 && !ordinal)
        {
            kind = QuantityKind.Money;
            unit = lexicons.Currencies[currencyBefore.Hit.Index].Code;
            start = currencyBefore.FirstToken;
        }
        else if (currencyAfter.TokenCount > 0 && !ordinal)
        {
            kind = QuantityKind.Money;
            unit = lexicons.Currencies[currencyAfter.Hit.Index].Code;
            end = currencyAfter.EndToken;
        }
        else if (numberEnd < tokens.Length && TryClass(index, numberEnd, "percent", out _, out var pEnd) && !ordinal)
        {
            kind = QuantityKind.Percent;
            unit = "percent";
            end = pEnd;
        }
        else if (ordinal)
        {
            if (words && index.Is(i, "first"))
            {
                return false; // "the first … Summit" is not annotated
            }

            // fifth largest investor → rank; 25th anniversary → ordinal
            var k = numberEnd;
            if (k < tokens.Length && index.Is(k, "-"))
            {
                k++;
            }

            if (k < tokens.Length && TryClass(index, k, "rankword", out _, out var rEnd))
            {
                kind = QuantityKind.Rank;
                var (nEnd, noun) = CountedNoun(index, rEnd, requirePlural: false);
                unit = noun is null ? null : Singular(noun);
                end = noun is null ? rEnd : nEnd;
            }
            else
            {
                var (nEnd, noun) = CountedNoun(index, numberEnd, requirePlural: false);
                if (noun is null)
                {
                    return false;
                }

                kind = QuantityKind.Ordinal;
                unit = Singular(noun);
                end = nEnd;
            }
        }
        else if (numberEnd < tokens.Length && TryClass(index, numberEnd, "timeunit", out var timeUnit, out var tEnd) && !IsAge(index, tEnd))
        {
            kind = QuantityKind.Duration;
            unit = timeUnit;
            end = tEnd;
            // "an hour and a half"
            if (end + 2 < tokens.Length && index.Is(end, "and") && index.Is(end + 1, "a") && index.Is(end + 2, "half"))
            {
                value += 0.5m;
                end += 3;
            }
        }
        else if (i > 0 && TryClass(index, i - 1, "rankcue", out _, out _) && value is >= 1 and <= 100)
        {
            // top three trading partners
            kind = QuantityKind.Rank;
            start = i - 1;
            var (nEnd, noun) = CountedNoun(index, numberEnd, requirePlural: false);
            unit = noun is null ? null : Singular(noun);
            end = noun is null ? numberEnd : nEnd;
        }
        else
        {
            if (words && (index.Is(i, "one") || index.Is(i, "a") || index.Is(i, "an")) && !scaled && numberEnd - i == 1)
            {
                return false; // "one of", a pronoun
            }

            if (words && i > 0 && (index.Is(i - 1, "the") || index.Is(i - 1, "both") || index.Is(i - 1, "these") || index.Is(i - 1, "those") || index.Is(i - 1, "all")))
            {
                return false; // "the two countries"
            }

            var (nEnd, noun) = CountedNoun(index, numberEnd, requirePlural: true);
            if (noun is not null && lexicons.IsWord("dyad", noun.Split(' ')[^1]) && value <= 2)
            {
                return false;
            }

            if (noun is null && !scaled && !HasQualifier(index, i))
            {
                return false;
            }

            kind = QuantityKind.Count;
            unit = noun;
            end = noun is null ? numberEnd : nEnd;
        }

        // A number inside a quoted term ("third neighbor") names a concept, not a figure.
        if (start > 0 && index.Is(start - 1, "\"") && (index.Is(end, "\"") || index.Is(end + 1, "\"")) && !index.Is(start - 2, ","))
        {
            return false;
        }

        value /= 1.000000000000000000000000000000000m; // drop trailing zeros: 7.6 billion prints as 7600000000
        var qualifier = Qualifier(index, start);
        var startChar = tokens[start].Start;
        var endChar = tokens[end - 1].End;
        var about = About(index, start, end, kind, unit);
        figure = new QuantityAnnotation(kind, value, unit, qualifier, about, startChar, endChar, text[startChar..endChar]);
        next = end;
        return true;
    }

    private bool TryClass(LexicalIndex index, int k, string wordClass, out string value, out int end)
    {
        // Two-word phrases first (per cent, most important), then one word.
        if (k + 1 < index.Tokens.Length)
        {
            var two = index.Document.MatchText[index.Tokens[k].Start..index.Tokens[k + 1].End];
            if (lexicons.TryFigureWord(wordClass, two, out value))
            {
                end = k + 2;
                return true;
            }
        }

        end = k + 1;
        return lexicons.TryFigureWord(wordClass, index.Word(k).ToString(), out value);
    }

    private static bool IsAge(LexicalIndex index, int k) => index.Is(k, "old") || (index.Is(k, "of") && index.Is(k + 1, "age"));

    private (int End, string? Noun) CountedNoun(LexicalIndex index, int k, bool requirePlural)
    {
        // The noun phrase after a number: modifiers then a head noun ("250 Italian companies",
        // "38 joint industrial cooperation projects"); counts need a plural head, ordinals take any word.
        var tokens = index.Tokens;
        var best = -1;
        for (var j = k; j < tokens.Length && j - k < MaxCountedNounTokens; j++)
        {
            var t = tokens[j];
            if (t.Kind != TokenKind.Word || t.Has(TokenFlags.HasDigit) || (j > k && t.Has(TokenFlags.LineStart)))
            {
                break;
            }

            var word = index.Word(j).ToString();
            if (lexicons.IsWord("stop", word) || word is "and" or "or" or "are" or "is" or "were" or "was" or "have" or "has" or "had" or "will" or "which" or "that" or "who" or "than")
            {
                break;
            }

            if (IsPlural(word))
            {
                best = j;
                var nextIsPlural = j + 1 < tokens.Length && tokens[j + 1].Kind == TokenKind.Word && IsPlural(index.Word(j + 1).ToString());
                if (!nextIsPlural)
                {
                    break;
                }
            }
            else if (!requirePlural)
            {
                best = j;
            }
        }

        if (best < 0)
        {
            return (k, null);
        }

        var noun = index.Document.Text[tokens[k].Start..tokens[best].End];
        return (best + 1, noun);
    }

    private bool IsPlural(string word)
    {
        if (lexicons.TryFigureWord("plural", word, out _))
        {
            return true;
        }

        return word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal)
               && !word.EndsWith("is", StringComparison.Ordinal) && char.IsLower(word[^2]);
    }

    private static string Singular(string noun)
    {
        var parts = noun.Split(' ');
        var last = parts[^1];
        if (last.EndsWith("ies", StringComparison.Ordinal) && last.Length > 4)
        {
            last = last[..^3] + "y";
        }
        else if (last.EndsWith('s') && !last.EndsWith("ss", StringComparison.Ordinal) && last.Length > 3)
        {
            last = last[..^1];
        }

        parts[^1] = last;
        return string.Join(' ', parts);
    }

    private bool IsDesignation(LexicalIndex index, int i)
    {
        var tokens = index.Tokens;
        // Il-76, Kambarata-1, Khalklar Dustligi-2025: a hyphen glued between a word and the number.
        if (i >= 2 && index.Is(i - 1, "-") && !tokens[i - 1].Has(TokenFlags.SpaceBefore) && !tokens[i].Has(TokenFlags.SpaceBefore) && tokens[i - 2].Kind == TokenKind.Word)
        {
            return true;
        }

        // C5+1, G7 (letters glued before the number), and "No. 5".
        if (i >= 1 && !tokens[i].Has(TokenFlags.SpaceBefore) && (tokens[i - 1].Kind == TokenKind.Word || index.Is(i - 1, "+")))
        {
            return true;
        }

        return i >= 1 && tokens[i - 1].Has(TokenFlags.Abbreviation) && (index.Is(i - 1, "No.") || index.Is(i - 1, "Nos."));
    }

    private static bool IsListNumber(LexicalIndex index, int i)
    {
        var tokens = index.Tokens;
        // "1. Opening remarks" at the start of a line; "(1)" anywhere.
        if (tokens[i].Has(TokenFlags.LineStart) && i + 1 < tokens.Length && (index.Is(i + 1, ".") || index.Is(i + 1, ")")))
        {
            return true;
        }

        return i >= 1 && index.Is(i - 1, "(") && i + 1 < tokens.Length && index.Is(i + 1, ")") && tokens[i].Length <= 2;
    }

    private bool HasQualifier(LexicalIndex index, int start) => Qualifier(index, start) is not null;

    private string? Qualifier(LexicalIndex index, int start)
    {
        for (var len = 3; len >= 1; len--)
        {
            var from = start - len;
            if (from < 0)
            {
                continue;
            }

            if (lexicons.QualifierMatcher.TryMatchAt(index.Text, index.Tokens, from, start, out var match) && match.EndToken == start)
            {
                return match.Values[0];
            }
        }

        return null;
    }

    /// <summary>True when a clause starts between two tokens: "that", a semicolon, or a comma before "and", "but", "while" or "whereas".</summary>
    private static bool ClauseBoundaryBetween(LexicalIndex index, int from, int to)
    {
        for (var t = from + 1; t < to; t++)
        {
            if (index.Is(t, "that") || index.Is(t, ";")
                || (index.Is(t, ",") && t + 1 < to && (index.Is(t + 1, "and") || index.Is(t + 1, "but") || index.Is(t + 1, "while") || index.Is(t + 1, "whereas"))))
            {
                return true;
            }
        }

        return false;
    }

    private string? About(LexicalIndex index, int start, int end, QuantityKind kind, string? unit)
    {
        var sentence = index.Document.Sentences[index.SentenceOf(start)];
        string? measure = null;
        var distance = int.MaxValue;
        {
            for (var t = sentence.FirstToken; t < sentence.EndToken; t++)
            {
                if ((t >= start && t < end && kind != QuantityKind.Count) || index.Tokens[t].Kind != TokenKind.Word)
                {
                    continue;
                }

                var dist = t < start ? start - t : t - end;
                if (dist >= distance)
                {
                    continue;
                }

                var word = index.Word(t);
                if (word.Length < 3 || !_measuresByPrefix.TryGetValue(word[..3], out var candidates))
                {
                    continue;
                }

                // A measure word across a clause boundary ("…, and that 250 companies") is farther than any in the figure's own clause.
                if (ClauseBoundaryBetween(index, Math.Min(t, start), Math.Max(t, end)))
                {
                    dist += 1000;
                    if (dist >= distance)
                    {
                        continue;
                    }
                }

                foreach (var (stem, label) in candidates)
                {
                    if (word.StartsWith(stem, StringComparison.OrdinalIgnoreCase))
                    {
                        (measure, distance) = (label, dist);
                        break;
                    }
                }
            }
        }

        var countries = new List<string>();
        foreach (var m in index.Matches)
        {
            if (m.FirstToken >= sentence.EndToken)
            {
                break;
            }

            if (m.FirstToken >= sentence.FirstToken && m.Hit.Kind is LexKind.CountryName or LexKind.CountryAdjective or LexKind.CountryDemonym)
            {
                var name = lexicons.Countries[m.Hit.Index].Name;
                if (!countries.Contains(name))
                {
                    countries.Add(name);
                }
            }
        }

        var subject = kind == QuantityKind.Count && unit is not null ? unit : measure ?? unit;
        if (subject is null)
        {
            return countries.Count > 0 ? string.Join(", ", countries) : null;
        }

        return countries.Count > 0 ? $"{subject} ({string.Join(", ", countries)})" : subject;
    }
}
