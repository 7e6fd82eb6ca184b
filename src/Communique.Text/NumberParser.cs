using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using Communique.Core;

namespace Communique.Text;

/// <summary>Type of an English number word.</summary>
public enum NumberWordType
{
    /// <summary>one, twenty, dozen.</summary>
    Cardinal,
    /// <summary>first, fifth, twentieth.</summary>
    Ordinal,
    /// <summary>hundred, thousand, million, bn.</summary>
    Scale,
    /// <summary>half.</summary>
    Fraction,
}

/// <summary>A number word with its value.</summary>
public readonly record struct NumberWord(decimal Value, NumberWordType Type);

/// <summary>A number read from one or more tokens.</summary>
/// <param name="Value">The value.</param>
/// <param name="FirstToken">First token.</param>
/// <param name="TokenCount">Tokens consumed.</param>
/// <param name="IsOrdinal">True for ordinals (fifth, 25th).</param>
/// <param name="IsWords">True when written in words.</param>
public readonly record struct ParsedNumber(decimal Value, int FirstToken, int TokenCount, bool IsOrdinal, bool IsWords)
{
    /// <summary>Index one past the last token.</summary>
    public int EndToken => FirstToken + TokenCount;
}

/// <summary>
/// Reads numerals ("1,600", "7.6", "1.234.567"), ordinals ("25th") and numbers in words ("One hundred and
/// twenty thousand", "twenty-five", "fifth"). Immutable and thread-safe.
/// </summary>
public sealed class NumberParser
{
    private readonly FrozenDictionary<string, NumberWord> _words;
    private readonly FrozenDictionary<string, NumberWord>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private NumberParser(FrozenDictionary<string, NumberWord> words)
    {
        _words = words;
        _lookup = words.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The parser with the embedded English number words.</summary>
    public static NumberParser Default { get; } = Load();

    /// <summary>Looks up a number word.</summary>
    public bool TryGetWord(ReadOnlySpan<char> word, out NumberWord value) => _lookup.TryGetValue(word, out value);

    /// <summary>
    /// Parses a numeral. A comma followed by exactly three digits groups thousands, otherwise it is a decimal
    /// comma; several dots each followed by three digits group thousands; a single dot is a decimal point.
    /// </summary>
    public static bool TryParseNumeral(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0;
        if (text.IsEmpty || !char.IsDigit(text[0]))
        {
            return false;
        }

        var commas = text.Count(',');
        var dots = text.Count('.');
        Span<char> buffer = stackalloc char[text.Length];
        var n = 0;
        if (dots > 1)
        {
            if (commas > 0 || !GroupsOfThree(text, '.'))
            {
                return false; // a date like 04.09.2025
            }

            foreach (var c in text)
            {
                if (c != '.')
                {
                    buffer[n++] = c;
                }
            }
        }
        else
        {
            var commaIsGroup = commas > 0 && GroupsOfThree(text[..(dots == 1 ? text.IndexOf('.') : text.Length)], ',');
            if (commas > 0 && !commaIsGroup && (commas > 1 || dots > 0))
            {
                return false;
            }

            foreach (var c in text)
            {
                if (c == ',')
                {
                    if (!commaIsGroup)
                    {
                        buffer[n++] = '.';
                    }
                }
                else
                {
                    buffer[n++] = c;
                }
            }
        }

        return decimal.TryParse(buffer[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses "25th", "1st", "3rd" into its number.</summary>
    public static bool TryParseOrdinalNumeral(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        if (text.Length < 3)
        {
            return false;
        }

        var suffix = text[^2..];
        if (!(suffix.Equals("st", StringComparison.OrdinalIgnoreCase) || suffix.Equals("nd", StringComparison.OrdinalIgnoreCase)
              || suffix.Equals("rd", StringComparison.OrdinalIgnoreCase) || suffix.Equals("th", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var digits = text[..^2];
        foreach (var c in digits)
        {
            if (!char.IsDigit(c))
            {
                return false;
            }
        }

        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Reads a number written in words starting at token <paramref name="index"/>: cardinals with "and"
    /// and hyphens, scales, and a final ordinal ("twenty-fifth").
    /// </summary>
    public bool TryParseWords(string matchText, ImmutableArray<Token> tokens, int index, int limit, out ParsedNumber number)
    {
        ArgumentNullException.ThrowIfNull(matchText);
        number = default;
        decimal total = 0, current = 0;
        var consumed = 0;
        var last = -1;
        var ordinal = false;
        var sawNumber = false;
        for (var j = index; j < limit; j++)
        {
            var token = tokens[j];
            var span = matchText.AsSpan(token.Start, token.Length);
            if (token.Kind == TokenKind.Word && _lookup.TryGetValue(span, out var word))
            {
                switch (word.Type)
                {
                    case NumberWordType.Cardinal:
                        if (sawNumber && current % 100 != 0 && !(current % 10 == 0 && current % 100 >= 20 && word.Value < 10))
                        {
                            goto done; // "five six" is two numbers
                        }

                        current += word.Value;
                        break;
                    case NumberWordType.Ordinal:
                        current += word.Value;
                        ordinal = true;
                        break;
                    case NumberWordType.Scale when sawNumber:
                        if (word.Value == 100)
                        {
                            current = Math.Max(current, 1) * 100;
                        }
                        else
                        {
                            total += Math.Max(current, 1) * word.Value;
                            current = 0;
                        }

                        break;
                    default:
                        goto done;
                }

                sawNumber = true;
                last = j;
                consumed = j - index + 1;
                if (ordinal)
                {
                    break;
                }

                continue;
            }

            // "and" and hyphens join number words: "one hundred and twenty", "twenty-five".
            var joins = sawNumber && j + 1 < limit && (span.Equals("and", StringComparison.OrdinalIgnoreCase) || span is "-")
                        && _lookup.TryGetValue(matchText.AsSpan(tokens[j + 1].Start, tokens[j + 1].Length), out var nextWord)
                        && nextWord.Type is NumberWordType.Cardinal or NumberWordType.Ordinal;
            if (!joins)
            {
                break;
            }
        }

    done:
        if (!sawNumber || last < 0)
        {
            return false;
        }

        number = new ParsedNumber(total + current, index, consumed, ordinal, IsWords: true);
        return true;
    }

    private static bool GroupsOfThree(ReadOnlySpan<char> text, char separator)
    {
        var first = true;
        foreach (var range in text.Split(separator))
        {
            var part = text[range];
            if (first)
            {
                if (part.Length is 0 or > 3)
                {
                    return false;
                }

                first = false;
            }
            else if (part.Length != 3)
            {
                return false;
            }
        }

        return true;
    }

    private static NumberParser Load()
    {
        var file = LexiconFile.Load(typeof(NumberParser).Assembly, "Communique.Text.", "numbers.tsv", minColumns: 3);
        var words = new Dictionary<string, NumberWord>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in file.Rows)
        {
            var type = row[2] switch
            {
                "ordinal" => NumberWordType.Ordinal,
                "scale" => NumberWordType.Scale,
                "fraction" => NumberWordType.Fraction,
                _ => NumberWordType.Cardinal,
            };
            words[row[0]] = new NumberWord(decimal.Parse(row[1], CultureInfo.InvariantCulture), type);
        }

        return new NumberParser(words.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }
}
