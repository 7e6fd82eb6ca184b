using System.Collections.Immutable;
using Lingua;

namespace Communique.Ingest;

/// <summary>
/// Identifies the language of a document's text with Lingua, restricted to the languages of the sites our
/// users watch (<see cref="Languages"/>) so that only their models are shipped and loaded. Low-accuracy mode
/// (trigram models): press releases are long, and Lingua's accuracy drops only below about 120 characters.
/// The detector is built on first use and is safe to share between threads.
/// </summary>
public sealed class LanguageIdentifier
{
    /// <summary>ISO 639-1 codes of the languages identified; their models are copied by Communique.Ingest.csproj.</summary>
    public static readonly ImmutableArray<string> Languages = ["en", "ru", "kk", "uk", "de", "fr", "es", "it", "pt", "ar", "zh", "ja", "tr", "fa"];

    private static readonly ImmutableArray<Language> LinguaLanguages =
    [
        Language.English, Language.Russian, Language.Kazakh, Language.Ukrainian, Language.German, Language.French, Language.Spanish,
        Language.Italian, Language.Portuguese, Language.Arabic, Language.Chinese, Language.Japanese, Language.Turkish, Language.Persian,
    ];

    /// <summary>One shared identifier (its models load once per process, on first use).</summary>
    public static readonly LanguageIdentifier Default = new();

    private readonly Lazy<LanguageDetector> _detector;
    private readonly int _sampleChars;
    private readonly bool _fastEnglish;

    /// <summary>
    /// Creates an identifier that reads at most <paramref name="sampleChars"/> characters of each text;
    /// <paramref name="fastEnglish"/> answers English from function words before loading any model.
    /// </summary>
    public LanguageIdentifier(int sampleChars = 2000, bool fastEnglish = true)
    {
        _fastEnglish = fastEnglish;
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleChars, 100);
        _sampleChars = sampleChars;
        _detector = new Lazy<LanguageDetector>(
            () => LanguageDetectorBuilder.FromLanguages([.. LinguaLanguages]).WithLowAccuracyMode().WithPreloadedLanguageModels().Build(),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Fewest letters a text needs before it is identified.</summary>
    public const int MinLetters = 40;

    /// <summary>Least confidence (0–1) for an answer; below it the language is left unknown.</summary>
    public const double MinConfidence = 0.5;

    /// <summary>
    /// The ISO 639-1 code of the text's language, or null when the text is too short, the confidence is low,
    /// or it is none of <see cref="Languages"/>.
    /// </summary>
    public string? Identify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sample = text.Length > _sampleChars ? text[.._sampleChars] : text;
        var letters = 0;
        foreach (var c in sample)
        {
            if (char.IsLetter(c) && ++letters >= MinLetters)
            {
                break;
            }
        }

        if (letters < MinLetters)
        {
            return null;
        }

        if (_fastEnglish && LooksEnglish(sample))
        {
            return "en"; // the common case, without the models' cost (about 7 ms per 2,000 characters)
        }

        LanguageDetector detector;
        try
        {
            detector = _detector.Value;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or AggregateException)
        {
            return null; // models missing from the installation: the language stays as the page declares it
        }

        foreach (var (language, confidence) in detector.ComputeLanguageConfidenceValues(sample))
        {
            // Entries come sorted by confidence, highest first.
            return confidence >= MinConfidence ? LanguageInfo.IsoCode6391(language).ToString().ToLowerInvariant() : null;
        }

        return null;
    }

    private static readonly System.Collections.Frozen.FrozenSet<string> EnglishFunctionWords = System.Collections.Frozen.FrozenSet.ToFrozenSet(
        ["the", "of", "and", "to", "in", "is", "was", "for", "on", "with", "that", "by", "as", "at", "from", "it", "be", "are", "has", "have", "were", "which", "this", "an", "its", "their", "will", "not", "or", "he", "she", "they"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Share of English function words among the first words of the sample at or above which the text is taken for English without the models.</summary>
    public const double EnglishFunctionWordShare = 0.25;

    /// <summary>
    /// A fast path: in English prose about a third of the words are function words ("the", "of", "and"…); in
    /// other languages written in Latin script these few words are rare (Italian "in", Portuguese "a").
    /// </summary>
    internal static bool LooksEnglish(ReadOnlySpan<char> sample)
    {
        var lookup = EnglishFunctionWords.GetAlternateLookup<ReadOnlySpan<char>>();
        int words = 0, function = 0, i = 0;
        while (i < sample.Length && words < 300)
        {
            if (!char.IsLetter(sample[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < sample.Length && char.IsLetter(sample[i]))
            {
                i++;
            }

            words++;
            if (lookup.Contains(sample[start..i]))
            {
                function++;
            }
        }

        return words >= 30 && function >= words * EnglishFunctionWordShare;
    }

    /// <summary>The English name of a code in <see cref="Languages"/> (the code itself for others).</summary>
    public static string NameOf(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var index = Languages.IndexOf(code);
        return index < 0 ? code : LinguaLanguages[index].ToString();
    }
}
