using System.Text;

namespace Communique.Text;

/// <summary>
/// Two normalizations: <see cref="Clean"/> makes the document text (it may change the length), and
/// <see cref="Fold"/> makes a same-length copy for matching, so offsets found on the folded text are
/// offsets into the document text.
/// </summary>
public static class TextNormalizer
{
    /// <summary>
    /// Composes characters (NFC), turns CR LF and CR into LF, tabs and non-breaking or thin spaces into
    /// spaces, and drops byte-order marks, zero-width characters, soft hyphens and other control characters.
    /// </summary>
    public static string Clean(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var text = ReplaceLoneSurrogates(raw);
        text = text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        if (!text.AsSpan().ContainsAny(Changed))
        {
            return text; // the common case: nothing to replace or drop
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\r':
                    builder.Append('\n');
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                case '\n':
                    builder.Append('\n');
                    break;
                case '\t' or '\u00A0' or '\u2007' or '\u202F' or '\u2009' or '\u200A' or '\u2002' or '\u2003' or '\u3000':
                    builder.Append(' ');
                    break;
                case '\uFEFF' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\u00AD':
                    break;
                case '\u2028' or '\u2029':
                    builder.Append('\n');
                    break;
                default:
                    if (!char.IsControl(c))
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Every character <see cref="Clean"/> replaces or drops: all control characters but LF, and the spaces and invisibles it names.</summary>
    private static readonly System.Buffers.SearchValues<char> Changed = System.Buffers.SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0xA0).Where(c => char.IsControl((char)c) && c != '\n').Select(c => (char)c))
        + "\u00A0\u2007\u202F\u2009\u200A\u2002\u2003\u3000\uFEFF\u200B\u200C\u200D\u2060\u00AD\u2028\u2029");

    /// <summary>Unpaired UTF-16 surrogates (from broken decoding) become U+FFFD, so normalization cannot fail.</summary>
    private static string ReplaceLoneSurrogates(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return text;
        }

        char[]? copy = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                copy ??= text.ToCharArray();
                copy[i] = '\uFFFD';
            }
        }

        return copy is null ? text : new string(copy);
    }

    /// <summary>Same-length text (the same instance when nothing changes) with typographic quotes, apostrophes and dashes replaced by ASCII ones.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = text.AsSpan().IndexOfAny(Folded);
        if (first < 0)
        {
            return text; // strings are immutable: nothing to fold, nothing to copy
        }

        return string.Create(text.Length, (text, first), static (span, state) =>
        {
            var (source, from) = state;
            source.AsSpan(0, from).CopyTo(span);
            for (var i = from; i < source.Length; i++)
            {
                span[i] = FoldChar(source[i]);
            }
        });
    }

    /// <summary>The characters <see cref="FoldChar"/> changes.</summary>
    private static readonly System.Buffers.SearchValues<char> Folded = System.Buffers.SearchValues.Create(
        "\u2018\u2019\u201A\u201B\u2032\u02BC`\u00B4\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033\u2010\u2011\u2012\u2013\u2014\u2015\u2212");

    /// <summary>The folded form of one character.</summary>
    public static char FoldChar(char c) => c switch
    {
        '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '\u02BC' or '`' or '\u00B4' => '\'',
        '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u00AB' or '\u00BB' or '\u2033' => '"',
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => '-',
        _ => c,
    };

    /// <summary>Removes diacritics and folds case, for comparing names ("Erdoğan" equals "erdogan").</summary>
    public static string Key(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (System.Text.Ascii.IsValid(text))
        {
            return text.ToLowerInvariant().Trim();
        }

        var decomposed = Fold(text).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            builder.Append(c switch
            {
                'ı' => 'i',
                'ł' or 'Ł' => 'l',
                'ø' or 'Ø' => 'o',
                'đ' or 'Đ' => 'd',
                'ß' => 's',
                _ => char.ToLowerInvariant(c),
            });
        }

        return builder.ToString().Trim();
    }
}
