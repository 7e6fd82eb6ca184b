using System.Collections.Frozen;
using System.Collections.Immutable;
using Communique.Core;

namespace Communique.Text;

/// <summary>Kinds of abbreviation the tokenizer and splitter know.</summary>
public enum AbbreviationKind
{
    /// <summary>A title before a name (Mr., H.E.): never ends a sentence.</summary>
    Title,
    /// <summary>A month (Jan.): never ends a sentence when a number follows.</summary>
    Month,
    /// <summary>May end a sentence (U.S., Inc., p.m.).</summary>
    General,
    /// <summary>Only an abbreviation before a digit (No. 5).</summary>
    Number,
}

/// <summary>
/// Splits text into word, number, punctuation and symbol tokens without allocating per token. Hyphens
/// separate tokens ("Kassym-Jomart" is three), a possessive 's is its own token, known abbreviations
/// keep their period, and numbers keep their internal separators ("1,600", "7.6").
/// Immutable and thread-safe.
/// </summary>
public sealed class Tokenizer
{
    private readonly FrozenDictionary<string, AbbreviationKind> _abbreviations;
    private readonly FrozenDictionary<string, AbbreviationKind>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Creates a tokenizer with the given abbreviations (without their final period).</summary>
    public Tokenizer(IEnumerable<KeyValuePair<string, AbbreviationKind>> abbreviations)
    {
        _abbreviations = abbreviations.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _lookup = _abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The tokenizer with the embedded abbreviation list.</summary>
    public static Tokenizer Default { get; } = new(LoadAbbreviations());

    /// <summary>Looks up an abbreviation (without its final period).</summary>
    public bool TryGetAbbreviation(ReadOnlySpan<char> word, out AbbreviationKind kind)
    {
        if (word.Length > 0 && word[^1] == '.')
        {
            word = word[..^1];
        }

        return _lookup.TryGetValue(word, out kind);
    }

    /// <summary>Tokenizes <paramref name="text"/> (normally the folded match text).</summary>
    public ImmutableArray<Token> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = ImmutableArray.CreateBuilder<Token>(Math.Max(16, text.Length / 5));
        var newlines = 0;
        var space = true;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (c == '\n')
                {
                    newlines++;
                }

                space = true;
                i++;
                continue;
            }

            var flags = TokenFlags.None;
            if (space || tokens.Count == 0)
            {
                flags |= TokenFlags.SpaceBefore;
            }

            if (newlines > 0 || tokens.Count == 0)
            {
                flags |= TokenFlags.LineStart;
            }

            if (newlines > 1 || tokens.Count == 0)
            {
                flags |= TokenFlags.ParagraphStart;
            }

            int end;
            TokenKind kind;
            if (char.IsDigit(c))
            {
                end = ScanNumber(text, i);
                kind = TokenKind.Number;
                flags |= TokenFlags.HasDigit;
                if (end < text.Length && char.IsLetter(text[end]))
                {
                    // "25th", "5G": one word token.
                    end = ScanWord(text, end, ref flags);
                    kind = TokenKind.Word;
                }
            }
            else if (char.IsLetter(c))
            {
                end = ScanWord(text, i, ref flags);
                kind = TokenKind.Word;
                end = AttachAbbreviationPeriod(text, i, end, ref flags);
                SetCase(text.AsSpan(i, end - i), ref flags);
            }
            else
            {
                end = i + 1;
                kind = char.IsPunctuation(c) ? TokenKind.Punctuation : TokenKind.Symbol;
                if (c == '\'' && end < text.Length && text[end] is 's' or 'S' && (end + 1 >= text.Length || !char.IsLetter(text[end + 1])) && tokens.Count > 0 && !space)
                {
                    end++; // possessive 's
                    kind = TokenKind.Word;
                }
                if (c == '.' && end + 1 < text.Length && text[end] == '.' && text[end + 1] == '.')
                {
                    end += 2; // "..." as one token
                }
            }

            tokens.Add(new Token(i, end, kind, flags));
            i = end;
            newlines = 0;
            space = false;
        }

        return tokens.DrainToImmutable();
    }

    private static int ScanNumber(string text, int i)
    {
        var end = i;
        while (end < text.Length && char.IsDigit(text[end]))
        {
            end++;
        }

        // Internal separators followed by digits: 1,600 · 7.6 · 04.09.2025
        while (end + 1 < text.Length && (text[end] is ',' or '.') && char.IsDigit(text[end + 1]))
        {
            end++;
            while (end < text.Length && char.IsDigit(text[end]))
            {
                end++;
            }
        }

        return end;
    }

    private static int ScanWord(string text, int i, ref TokenFlags flags)
    {
        var end = i;
        while (end < text.Length)
        {
            var c = text[end];
            if (char.IsLetterOrDigit(c) || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) is
                    System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark)
            {
                if (char.IsDigit(c))
                {
                    flags |= TokenFlags.HasDigit;
                }

                end++;
                continue;
            }

            if (c == '\'' && end + 1 < text.Length && char.IsLetter(text[end + 1]))
            {
                // Possessive 's (and 't) stays separate; O'Brien, d'Ivoire stay whole.
                var possessive = (text[end + 1] is 's' or 'S') && (end + 2 >= text.Length || !char.IsLetter(text[end + 2]));
                if (possessive)
                {
                    break;
                }

                end++;
                continue;
            }

            break;
        }

        return end;
    }

    private int AttachAbbreviationPeriod(string text, int start, int end, ref TokenFlags flags)
    {
        // Dotted abbreviations: U.S. · H.E. · p.m. · U.A.E.
        if (end - start == 1 && end + 2 < text.Length && text[end] == '.' && char.IsLetter(text[end + 1]))
        {
            var j = end;
            while (j + 1 < text.Length && text[j] == '.' && char.IsLetter(text[j + 1]) && (j + 2 >= text.Length || !char.IsLetter(text[j + 2])))
            {
                j += 2;
            }

            if (j > end && j < text.Length && text[j] == '.')
            {
                flags |= TokenFlags.Abbreviation;
                return j + 1;
            }
        }

        if (end >= text.Length || text[end] != '.')
        {
            return end;
        }

        var word = text.AsSpan(start, end - start);
        if (_lookup.TryGetValue(word, out var kind))
        {
            if (kind == AbbreviationKind.Number && !NextNonSpaceIsDigit(text, end + 1))
            {
                return end;
            }

            flags |= TokenFlags.Abbreviation;
            return end + 1;
        }

        // An initial: a single capital letter followed by a period and a capitalized word (J. Smith).
        if (word.Length == 1 && char.IsUpper(word[0]) && end + 2 < text.Length && text[end + 1] == ' ' && char.IsUpper(text[end + 2]))
        {
            flags |= TokenFlags.Abbreviation;
            return end + 1;
        }

        return end;
    }

    private static bool NextNonSpaceIsDigit(string text, int i)
    {
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return i < text.Length && char.IsDigit(text[i]);
    }

    private static void SetCase(ReadOnlySpan<char> word, ref TokenFlags flags)
    {
        if (char.IsUpper(word[0]))
        {
            flags |= TokenFlags.Capitalized;
        }

        var letters = 0;
        foreach (var c in word)
        {
            if (char.IsLetter(c))
            {
                if (!char.IsUpper(c))
                {
                    return;
                }

                letters++;
            }
        }

        if (letters >= 2)
        {
            flags |= TokenFlags.AllCaps;
        }
    }

    private static IEnumerable<KeyValuePair<string, AbbreviationKind>> LoadAbbreviations()
    {
        var file = LexiconFile.Load(typeof(Tokenizer).Assembly, "Communique.Text.", "abbreviations.tsv", minColumns: 2);
        foreach (var row in file.Rows)
        {
            var kind = row[1] switch
            {
                "title" => AbbreviationKind.Title,
                "month" => AbbreviationKind.Month,
                "number" => AbbreviationKind.Number,
                _ => AbbreviationKind.General,
            };
            yield return new(row[0], kind);
        }
    }
}
