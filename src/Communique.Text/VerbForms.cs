using System.Collections.Frozen;

namespace Communique.Text;

/// <summary>The written forms of one English verb.</summary>
/// <param name="Base">The lemma ("condemn").</param>
/// <param name="ThirdPerson">"condemns".</param>
/// <param name="Past">"condemned".</param>
/// <param name="Participle">"condemned" ("spoken" for "speak").</param>
/// <param name="Gerund">"condemning".</param>
public sealed record VerbInflection(string Base, string ThirdPerson, string Past, string Participle, string Gerund)
{
    /// <summary>The distinct forms, lemma first.</summary>
    public IEnumerable<string> All => new[] { Base, ThirdPerson, Past, Participle, Gerund }.Distinct(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Inflects English verbs by the regular spelling rules (-s/-es/-ies, -ed/-d/-ied, -ing with a silent e
/// dropped, a final consonant doubled after one short vowel in one-syllable verbs), with a table of
/// irregular and stress-doubling verbs (lemma → past, participle, optionally gerund) that wins over the rules.
/// Lexicons write a verb as <c>[lemma]</c> inside a phrase; <see cref="Expand"/> turns the phrase into one
/// phrase per form, so one line covers "condemn", "condemns", "condemned" and "condemning".
/// </summary>
public sealed class VerbForms
{
    private readonly FrozenDictionary<string, (string Past, string Participle, string? Gerund)> _irregular;

    /// <summary>Creates an inflector with the irregular verbs given as (lemma, past, participle, gerund or null).</summary>
    public VerbForms(IEnumerable<(string Lemma, string Past, string Participle, string? Gerund)> irregular)
    {
        ArgumentNullException.ThrowIfNull(irregular);
        _irregular = irregular.GroupBy(v => v.Lemma, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => (g.First().Past, g.First().Participle, g.First().Gerund), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The forms of <paramref name="lemma"/>.</summary>
    public VerbInflection Inflect(string lemma)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lemma);
        var third = ThirdPerson(lemma);
        if (_irregular.TryGetValue(lemma, out var irregular))
        {
            return new VerbInflection(lemma, third, irregular.Past, irregular.Participle, irregular.Gerund ?? Gerund(lemma));
        }

        var past = Past(lemma);
        return new VerbInflection(lemma, third, past, past, Gerund(lemma));
    }

    /// <summary>
    /// The phrases a lexicon phrase stands for: each <c>[lemma]</c> replaced by every form of the verb (the
    /// first bracketed verb varies; later ones keep their base form). A phrase without brackets is itself.
    /// </summary>
    public IEnumerable<string> Expand(string phrase)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        var open = phrase.IndexOf('[', StringComparison.Ordinal);
        var close = open < 0 ? -1 : phrase.IndexOf(']', open + 1);
        if (open < 0 || close < 0)
        {
            return [phrase];
        }

        var lemma = phrase[(open + 1)..close].Trim();
        var rest = phrase[(close + 1)..].Replace("[", string.Empty, StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal);
        return Inflect(lemma).All.Select(form => phrase[..open] + form + rest).ToList();
    }

    /// <summary>True when the phrase names a verb to inflect (<c>[lemma]</c>).</summary>
    public static bool HasVerb(string phrase) => phrase.Contains('[', StringComparison.Ordinal) && phrase.Contains(']', StringComparison.Ordinal);

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private static string ThirdPerson(string v)
    {
        if (v.EndsWith('s') || v.EndsWith('x') || v.EndsWith('z') || v.EndsWith("ch", StringComparison.Ordinal) || v.EndsWith("sh", StringComparison.Ordinal)
            || (v.EndsWith('o') && v.Length > 1 && !IsVowel(v[^2])))
        {
            return v + "es";
        }

        return v.Length > 1 && v.EndsWith('y') && !IsVowel(v[^2]) ? v[..^1] + "ies" : v + "s";
    }

    private static string Past(string v)
    {
        if (v.EndsWith('e'))
        {
            return v + "d";
        }

        if (v.Length > 1 && v.EndsWith('y') && !IsVowel(v[^2]))
        {
            return v[..^1] + "ied";
        }

        return (DoublesFinal(v) ? v + v[^1] : v) + "ed";
    }

    private static string Gerund(string v)
    {
        if (v.EndsWith("ie", StringComparison.Ordinal))
        {
            return v[..^2] + "ying";
        }

        if (v.EndsWith('e') && v.Length > 2 && !v.EndsWith("ee", StringComparison.Ordinal) && !v.EndsWith("ye", StringComparison.Ordinal) && !v.EndsWith("oe", StringComparison.Ordinal))
        {
            return v[..^1] + "ing";
        }

        return (DoublesFinal(v) ? v + v[^1] : v) + "ing";
    }

    /// <summary>One syllable ending consonant–vowel–consonant ("ban", "plan", "stop"); not w, x or y.</summary>
    private static bool DoublesFinal(string v)
    {
        if (v.Length < 3 || v.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        var last = v[^1];
        if (IsVowel(last) || last is 'w' or 'x' or 'y' || !IsVowel(v[^2]) || IsVowel(v[^3]))
        {
            return false;
        }

        var vowels = 0;
        for (var i = 0; i < v.Length; i++)
        {
            if (IsVowel(v[i]) && (i == 0 || !IsVowel(v[i - 1])))
            {
                vowels++;
            }
        }

        return vowels == 1;
    }
}
