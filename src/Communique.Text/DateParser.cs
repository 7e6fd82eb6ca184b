using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using Communique.Core;

namespace Communique.Text;

/// <summary>
/// Finds date and time expressions in tokens and resolves them against a reference (publication) date:
/// "30 September 2025", "June 5", "2025-09-30", "04.09.2025", "in 2019", "this May", "last year",
/// "on Tuesday", "next week", "at the weekend", "later this month", "this morning", and clock times
/// ("6:10 p.m.", "14:05"), which are kept with no date so figures can skip them. Immutable and thread-safe.
/// </summary>
public sealed class DateParser
{
    private readonly FrozenDictionary<string, int> _months;
    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _monthLookup;
    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _weekdayLookup;

    private DateParser(FrozenDictionary<string, int> months, FrozenDictionary<string, int> weekdays)
    {
        _months = months;
        _monthLookup = months.GetAlternateLookup<ReadOnlySpan<char>>();
        _weekdayLookup = weekdays.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The parser with the embedded English calendar words.</summary>
    public static DateParser Default { get; } = Load();

    /// <summary>Month number for a month name or abbreviation (with or without its period).</summary>
    public bool TryGetMonth(ReadOnlySpan<char> word, out int month)
    {
        if (word.Length > 1 && word[^1] == '.')
        {
            word = word[..^1];
        }

        return _monthLookup.TryGetValue(word, out month);
    }

    /// <summary>True for a weekday name.</summary>
    public bool IsWeekday(ReadOnlySpan<char> word) => _weekdayLookup.ContainsKey(word);

    /// <summary>Finds every date or time expression; <paramref name="reference"/> resolves relative ones.</summary>
    public ImmutableArray<DateAnnotation> Parse(string text, string matchText, ImmutableArray<Token> tokens, DateOnly? reference)
    {
        if (reference is { Year: < 1900 or > 2200 })
        {
            reference = null;
        }

        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(matchText);
        var results = ImmutableArray.CreateBuilder<DateAnnotation>();
        var i = 0;
        while (i < tokens.Length)
        {
            if (TryAt(matchText, tokens, i, reference, out var value, out var count, out var relative))
            {
                var start = tokens[i].Start;
                var end = tokens[i + count - 1].End;
                results.Add(new DateAnnotation(start, end, text[start..end], value, relative));
                i += count;
            }
            else
            {
                i++;
            }
        }

        return results.DrainToImmutable();
    }

    private bool TryAt(string m, ImmutableArray<Token> tokens, int i, DateOnly? reference, out DateValue? value, out int count, out bool relative)
    {
        value = null;
        count = 0;
        relative = false;
        var t = tokens[i];
        var word = m.AsSpan(t.Start, t.Length);

        // Clock times: 6:10 p.m. · 14:05 · 10 a.m.
        if (t.Kind == TokenKind.Number && IsClock(m, tokens, i, out count))
        {
            return true;
        }

        if (t.Kind == TokenKind.Number)
        {
            return TryNumericDate(m, tokens, i, reference, out value, out count);
        }

        if (t.Kind != TokenKind.Word)
        {
            return false;
        }

        if (TryGetMonth(word, out var month) && t.Has(TokenFlags.Capitalized))
        {
            return TryMonthFirst(m, tokens, i, month, reference, out value, out count, out relative);
        }

        // Relative dates need a plausible reference; a page may claim 0001-01-01.
        if (reference is not { } today || today.Year is < 1900 or > 2200)
        {
            return false;
        }

        relative = true;
        var next = i + 1 < tokens.Length ? m.AsSpan(tokens[i + 1].Start, tokens[i + 1].Length) : default;
        if (Is(word, "today") || Is(word, "tonight"))
        {
            (value, count) = (DateValue.Day(today), 1);
            return true;
        }

        if (Is(word, "yesterday"))
        {
            (value, count) = (DateValue.Day(today.AddDays(-1)), 1);
            return true;
        }

        if (Is(word, "tomorrow"))
        {
            (value, count) = (DateValue.Day(today.AddDays(1)), 1);
            return true;
        }

        if (_weekdayLookup.TryGetValue(word, out var weekday) && t.Has(TokenFlags.Capitalized))
        {
            var prev = i > 0 ? m.AsSpan(tokens[i - 1].Start, tokens[i - 1].Length) : default;
            var target = (DayOfWeek)(weekday % 7);
            var day = Is(prev, "next") ? NextWeekday(today, target) : LastWeekday(today, target);
            (value, count) = (DateValue.Day(day), 1);
            return true;
        }

        var later = Is(word, "later") || Is(word, "earlier");
        var k = later ? i + 1 : i;
        if (k + 1 >= tokens.Length)
        {
            return false;
        }

        var first = m.AsSpan(tokens[k].Start, tokens[k].Length);
        var second = m.AsSpan(tokens[k + 1].Start, tokens[k + 1].Length);
        var offset = Is(first, "last") ? -1 : Is(first, "next") ? 1 : Is(first, "this") ? 0 : int.MinValue;
        if (Is(first, "at") || Is(first, "over") || Is(first, "on"))
        {
            // "at the weekend" · "over the weekend"
            if (k + 2 < tokens.Length && Is(second, "the") && Is(m.AsSpan(tokens[k + 2].Start, tokens[k + 2].Length), "weekend"))
            {
                (value, count) = (Weekend(today, 0), k + 3 - i);
                return true;
            }

            return false;
        }

        if (offset == int.MinValue)
        {
            return false;
        }

        count = k + 2 - i;
        if (Is(second, "year"))
        {
            value = DateValue.Year(today.Year + offset);
        }
        else if (Is(second, "month"))
        {
            var d = today.AddMonths(offset);
            value = DateValue.Month(d.Year, d.Month);
        }
        else if (Is(second, "week"))
        {
            var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7) + (7 * offset));
            value = new DateValue(monday, monday.AddDays(6), DatePrecision.Week);
        }
        else if (Is(second, "weekend"))
        {
            value = Weekend(today, offset);
        }
        else if (Is(second, "morning") || Is(second, "afternoon") || Is(second, "evening"))
        {
            if (offset != 0)
            {
                return false;
            }

            value = DateValue.Day(today);
        }
        else if (TryGetMonth(second, out var namedMonth) && tokens[k + 1].Has(TokenFlags.Capitalized))
        {
            // this May · last May · next March
            var year = offset switch
            {
                -1 => namedMonth < today.Month ? today.Year : today.Year - 1,
                1 => namedMonth > today.Month ? today.Year : today.Year + 1,
                _ => today.Year,
            };
            value = DateValue.Month(year, namedMonth);
        }
        else if (_weekdayLookup.TryGetValue(second, out var wd))
        {
            var target = (DayOfWeek)(wd % 7);
            value = DateValue.Day(offset > 0 ? NextWeekday(today, target) : LastWeekday(today, target));
        }
        else
        {
            return false;
        }

        return true;
    }

    private bool TryMonthFirst(string m, ImmutableArray<Token> tokens, int i, int month, DateOnly? reference, out DateValue? value, out int count, out bool relative)
    {
        value = null;
        count = 0;
        relative = false;
        var j = i + 1;
        // Month Day(, Year)?
        if (j < tokens.Length && tokens[j].Kind == TokenKind.Number && TryInt(m, tokens[j], out var day) && day is >= 1 and <= 31)
        {
            var k = j + 1;
            if (k + 1 < tokens.Length && m[tokens[k].Start] == ',' && TryYear(m, tokens[k + 1], out var y1))
            {
                return Make(y1, month, day, k + 2 - i, out value, out count);
            }

            if (k < tokens.Length && TryYear(m, tokens[k], out var y2))
            {
                return Make(y2, month, day, k + 1 - i, out value, out count);
            }

            if (reference is { } r)
            {
                relative = true;
                return Make(NearestYear(r, month), month, day, j + 1 - i, out value, out count);
            }

            return false;
        }

        // Month Year
        if (j < tokens.Length && TryYear(m, tokens[j], out var year))
        {
            value = DateValue.Month(year, month);
            count = j + 1 - i;
            return true;
        }

        // A month alone needs a preposition before it ("in July"); "May" alone is too often a verb.
        var prev = i > 0 ? m.AsSpan(tokens[i - 1].Start, tokens[i - 1].Length) : default;
        if (reference is { } reference2 && (Is(prev, "in") || Is(prev, "since") || Is(prev, "until") || Is(prev, "by") || Is(prev, "of")
                                             || Is(prev, "early") || Is(prev, "late") || Is(prev, "mid") || Is(prev, "from") || Is(prev, "end")))
        {
            relative = true;
            value = DateValue.Month(NearestYear(reference2, month), month);
            count = 1;
            return true;
        }

        return false;
    }

    private static bool TryNumericDate(string m, ImmutableArray<Token> tokens, int i, DateOnly? reference, out DateValue? value, out int count)
    {
        value = null;
        count = 0;
        var t = tokens[i];
        var span = m.AsSpan(t.Start, t.Length);

        // 04.09.2025 (day first)
        if (span.Count('.') == 2 && span.Length is >= 8 and <= 10)
        {
            var parts = span.ToString().Split('.');
            if (int.TryParse(parts[0], CultureInfo.InvariantCulture, out var d) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var mo)
                && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var y) && parts[2].Length == 4)
            {
                return Make(y, mo, d, 1, out value, out count);
            }
        }

        // 2025-09-30 and 30/09/2025
        if (i + 4 < tokens.Length && Adjacent(tokens, i, 5))
        {
            var sep = m[tokens[i + 1].Start];
            if (sep == m[tokens[i + 3].Start] && sep is '-' or '/' && TryInt(m, tokens[i], out var a) && TryInt(m, tokens[i + 2], out var b) && TryInt(m, tokens[i + 4], out var c))
            {
                if (tokens[i].Length == 4)
                {
                    return Make(a, b, c, 5, out value, out count);
                }

                if (tokens[i + 4].Length == 4)
                {
                    // Day first, as most of the world writes it, unless only month first makes sense (09/30/2025).
                    return b > 12 && a <= 12 ? Make(c, a, b, 5, out value, out count) : Make(c, b, a, 5, out value, out count);
                }
            }
        }

        // Day Month (Year)?
        if (TryInt(m, t, out var day) && day is >= 1 and <= 31 && i + 1 < tokens.Length)
        {
            var monthToken = tokens[i + 1];
            if (monthToken.Kind == TokenKind.Word && monthToken.Has(TokenFlags.Capitalized)
                && DateParser.Default.TryGetMonth(m.AsSpan(monthToken.Start, monthToken.Length), out var month))
            {
                if (i + 2 < tokens.Length && TryYear(m, tokens[i + 2], out var year))
                {
                    return Make(year, month, day, 3, out value, out count);
                }

                if (reference is { } r)
                {
                    return Make(NearestYear(r, month), month, day, 2, out value, out count);
                }
            }
        }

        // A bare year: 1900–2100, written as four digits.
        if (t.Length == 4 && TryYear(m, t, out var bareYear))
        {
            var next = i + 1 < tokens.Length ? tokens[i + 1] : default;
            var nextIsHyphenNumber = i + 2 < tokens.Length && m[next.Start] == '-' && Adjacent(tokens, i, 3);
            if (!nextIsHyphenNumber)
            {
                value = DateValue.Year(bareYear);
                count = 1;
                return true;
            }
        }

        return false;
    }

    private static bool IsClock(string m, ImmutableArray<Token> tokens, int i, out int count)
    {
        count = 0;
        var t = tokens[i];
        if (!TryInt(m, t, out var hour) || hour > 24 || t.Length > 2)
        {
            return false;
        }

        var j = i + 1;
        if (j + 1 < tokens.Length && m[tokens[j].Start] == ':' && Adjacent(tokens, i, 3) && tokens[j + 1].Length == 2 && TryInt(m, tokens[j + 1], out var minute) && minute < 60)
        {
            j += 2;
            count = j - i;
        }

        if (j < tokens.Length && tokens[j].Has(TokenFlags.Abbreviation))
        {
            var w = m.AsSpan(tokens[j].Start, tokens[j].Length);
            if (Is(w, "a.m.") || Is(w, "p.m."))
            {
                count = j + 1 - i;
            }
        }

        return count > 0;
    }

    private static bool Adjacent(ImmutableArray<Token> tokens, int i, int n)
    {
        for (var k = i + 1; k < i + n; k++)
        {
            if (tokens[k].Has(TokenFlags.SpaceBefore))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Make(int year, int month, int day, int tokenCount, out DateValue? value, out int count)
    {
        value = null;
        count = 0;
        if (year is < 1000 or > 2200 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        value = DateValue.Day(new DateOnly(year, month, day));
        count = tokenCount;
        return true;
    }

    private static int NearestYear(DateOnly reference, int month)
    {
        var diff = month - reference.Month;
        return diff > 6 ? reference.Year - 1 : diff < -6 ? reference.Year + 1 : reference.Year;
    }

    private static DateOnly LastWeekday(DateOnly today, DayOfWeek target) => today.AddDays(-(((int)today.DayOfWeek - (int)target + 7) % 7));

    private static DateOnly NextWeekday(DateOnly today, DayOfWeek target)
    {
        var ahead = ((int)target - (int)today.DayOfWeek + 7) % 7;
        return today.AddDays(ahead == 0 ? 7 : ahead);
    }

    private static DateValue Weekend(DateOnly today, int offset)
    {
        var saturday = today.DayOfWeek switch
        {
            DayOfWeek.Saturday => today,
            DayOfWeek.Sunday => today.AddDays(-1),
            _ => LastWeekday(today, DayOfWeek.Saturday),
        };
        if (offset > 0)
        {
            saturday = NextWeekday(today, DayOfWeek.Saturday);
        }
        else if (offset < 0 && today.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            saturday = saturday.AddDays(-7);
        }

        return new DateValue(saturday, saturday.AddDays(1), DatePrecision.Interval);
    }

    private static bool TryInt(string m, Token t, out int value)
    {
        value = 0;
        return t.Kind == TokenKind.Number && int.TryParse(m.AsSpan(t.Start, t.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryYear(string m, Token t, out int year) => TryInt(m, t, out year) && t.Length == 4 && year is >= 1900 and <= 2100;

    private static bool Is(ReadOnlySpan<char> span, string word) => span.Equals(word, StringComparison.OrdinalIgnoreCase);

    private static DateParser Load()
    {
        var file = LexiconFile.Load(typeof(DateParser).Assembly, "Communique.Text.", "calendar.tsv", minColumns: 3);
        var months = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var weekdays = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in file.Rows)
        {
            var target = row[2] == "weekday" ? weekdays : months;
            target[row[0]] = int.Parse(row[1], CultureInfo.InvariantCulture);
        }

        return new DateParser(months.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), weekdays.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }
}
