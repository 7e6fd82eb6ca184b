using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Communique.Core;

namespace Communique.Extraction.Petrarch;

/// <summary>A code valid in a date range (either end open).</summary>
public sealed record DatedCode(string Code, DateOnly? From, DateOnly? To)
{
    /// <summary>True when the range holds <paramref name="date"/>.</summary>
    public bool Covers(DateOnly date) => (From is null || date >= From) && (To is null || date < To);
}

/// <summary>An actor or agent phrase: its words (upper case), its default code and its dated codes.</summary>
public sealed record DictionaryPhrase(ImmutableArray<string> Words, ImmutableArray<bool> Exact, string Code, ImmutableArray<DatedCode> Dated = default)
{
    /// <summary>The code on a date: the first dated code whose range holds it, else the default.</summary>
    public string CodeOn(DateOnly? date) =>
        date is { } d && !Dated.IsDefaultOrEmpty && Dated.FirstOrDefault(c => c.Covers(d)) is { } dated ? dated.Code : Code;
}

/// <summary>A verb pattern: words before and after the verb (<c>*</c>), and the code it gives.</summary>
public sealed record VerbPattern(ImmutableArray<string> Before, ImmutableArray<string> After, string Code, int Literals)
{
    /// <summary>True when the pattern has a compound slot (<c>%</c>): compound actors act on each other.</summary>
    public bool Compound => Before.Contains("%") || After.Contains("%");
}

/// <summary>A verb (one or more words) with its block's code and patterns.</summary>
public sealed record VerbEntry(ImmutableArray<string> Words, string? Code, ImmutableArray<VerbPattern> Patterns);

/// <summary>
/// PETRARCH/TABARI dictionaries read as users maintain them: actors (<c>NAME [CODE]</c>, <c>+synonyms</c>),
/// agents (<c>NAME {PLURALS} [~CODE]</c>, <c>!MACRO! = …</c>), verbs (<c>--- VERB [code] ---</c> blocks,
/// forms in braces, <c>- pattern [code]</c> lines, <c>&amp;SYNSET</c>s) and discards.
/// </summary>
public sealed partial class PetrarchDictionaries
{
    private PetrarchDictionaries(ImmutableArray<DictionaryPhrase> actors, ImmutableArray<DictionaryPhrase> agents,
        ImmutableDictionary<string, VerbEntry> verbs, ImmutableArray<VerbEntry> phraseVerbs, ImmutableDictionary<string, ImmutableArray<ImmutableArray<string>>> synsets, ImmutableArray<ImmutableArray<string>> discards)
    {
        Actors = actors;
        Agents = agents;
        Verbs = verbs;
        PhraseVerbs = phraseVerbs;
        Synsets = synsets;
        Discards = discards;
    }

    /// <summary>Actor phrases.</summary>
    public ImmutableArray<DictionaryPhrase> Actors { get; }

    /// <summary>Agent phrases; codes keep PETRARCH's <c>~</c> (suffix <c>~GOV</c>, prefix <c>NGO~</c>).</summary>
    public ImmutableArray<DictionaryPhrase> Agents { get; }

    /// <summary>Single-word verbs by every inflected form.</summary>
    public ImmutableDictionary<string, VerbEntry> Verbs { get; }

    /// <summary>Multi-word verbs (WIRE_TAP).</summary>
    public ImmutableArray<VerbEntry> PhraseVerbs { get; }

    /// <summary>Synsets: name (with &amp;) → phrases.</summary>
    public ImmutableDictionary<string, ImmutableArray<ImmutableArray<string>>> Synsets { get; }

    /// <summary>Sentence-level discard phrases.</summary>
    public ImmutableArray<ImmutableArray<string>> Discards { get; }

    /// <summary>Loads the dictionaries a PETRARCH configuration names, from <paramref name="directory"/>.</summary>
    /// <exception cref="CommuniqueException">CQ3001 when a file is missing.</exception>
    public static PetrarchDictionaries Load(string directory, string actorsFile, string agentsFile, string verbsFile, string? discardsFile)
    {
        string Read(string name)
        {
            var path = Path.Combine(directory, name);
            return File.Exists(path) ? File.ReadAllText(path)
                : throw new CommuniqueException(ErrorCatalog.LexiconFormat, $"PETRARCH dictionary '{path}' not found.", path, "Give the folder that holds the dictionaries with --dictionaries.");
        }

        var actors = ParseActors(Lines(Read(actorsFile)));
        var agents = ParseAgents(Lines(Read(agentsFile)));
        var (verbs, phraseVerbs, synsets) = ParseVerbs(Lines(Read(verbsFile)));
        var discards = discardsFile is null ? [] : Lines(Read(discardsFile)).Select(l => l.TrimStart('+').Trim()).Where(l => l.Length > 0)
            .Select(l => Words(l)).ToImmutableArray();
        return new PetrarchDictionaries(actors, agents, verbs, phraseVerbs, synsets, discards);
    }

    /// <summary>Lines without comments (<c># …</c> and <c>&lt;!-- … --&gt;</c>), trimmed at the end, blank lines kept as empty.</summary>
    internal static List<string> Lines(string text)
    {
        text = XmlComment().Replace(text, string.Empty);
        var lines = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            var line = (hash >= 0 ? raw[..hash] : raw).TrimEnd();
            lines.Add(line);
        }

        return lines;
    }

    internal static ImmutableArray<string> Words(string phrase) =>
        [.. phrase.Split([' ', '_'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToUpperInvariant())];

    private static DictionaryPhrase Phrase(string name, string code)
    {
        var parts = new List<string>();
        var exact = new List<bool>();
        foreach (var piece in name.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var words = piece.Split('_');
            for (var w = 0; w < words.Length; w++)
            {
                if (words[w].Length == 0)
                {
                    if (exact.Count > 0)
                    {
                        exact[^1] = true; // ARNOR_ : the word ends there
                    }

                    continue;
                }

                parts.Add(words[w].ToUpperInvariant());
                exact.Add(w < words.Length - 1); // words joined by _ are whole words
            }
        }

        return new DictionaryPhrase([.. parts], [.. exact], code);
    }

    private static ImmutableArray<DictionaryPhrase> ParseActors(List<string> lines)
    {
        var result = ImmutableArray.CreateBuilder<DictionaryPhrase>();
        var codes = new List<string>();
        var pending = new List<string>();
        void Flush()
        {
            var plain = codes.Select(ParseDated).Where(c => c.From is null && c.To is null).Select(c => c.Code).FirstOrDefault();
            var dated = codes.Select(ParseDated).Where(c => c.From is not null || c.To is not null).ToImmutableArray();
            var code = plain ?? (dated.Length > 0 ? dated[^1].Code : null);
            if (code is not null)
            {
                foreach (var name in pending)
                {
                    result.Add(Phrase(name, code) with { Dated = dated });
                }
            }

            pending.Clear();
            codes.Clear();
        }

        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("<!", StringComparison.Ordinal))
            {
                continue;
            }

            var blocks = CodeBlock().Matches(line).Select(m => m.Groups[1].Value.Trim()).ToList();
            var name = CodeBlock().Replace(line, string.Empty).Trim();
            if (line.StartsWith('+'))
            {
                pending.Add(name.TrimStart('+'));
                codes.AddRange(blocks);
                continue;
            }

            if (name.Length == 0)
            {
                codes.AddRange(blocks); // "ENT\n\t[ENT]", dated codes on their own lines
                continue;
            }

            Flush();
            pending.Add(name);
            codes.AddRange(blocks);
        }

        Flush();
        return result.ToImmutable();
    }

    private static DatedCode ParseDated(string block)
    {
        // "HOB < 950601", "HOBGOV 19950601 - 19990815", "RHO <790606", "ZBW"
        var compact = block.Replace(" ", string.Empty, StringComparison.Ordinal);
        var m = DatedBlock().Match(compact);
        if (!m.Success)
        {
            return new DatedCode(block.Split(' ')[0], null, null);
        }

        var code = m.Groups[1].Value;
        if (m.Groups[2].Value == "<")
        {
            return new DatedCode(code, null, ToDate(m.Groups[3].Value));
        }

        if (m.Groups[2].Value == ">")
        {
            return new DatedCode(code, ToDate(m.Groups[3].Value), null);
        }

        return new DatedCode(code, ToDate(m.Groups[4].Value), ToDate(m.Groups[5].Value)?.AddDays(1));
    }

    private static DateOnly? ToDate(string digits)
    {
        if (digits.Length == 6)
        {
            var yy = int.Parse(digits[..2], CultureInfo.InvariantCulture);
            digits = (yy < 30 ? "20" : "19") + digits;
        }

        return DateOnly.TryParseExact(digits, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }

    private static ImmutableArray<DictionaryPhrase> ParseAgents(List<string> lines)
    {
        var macros = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        var result = ImmutableArray.CreateBuilder<DictionaryPhrase>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var macro = Macro().Match(line);
            if (macro.Success)
            {
                macros[macro.Groups[1].Value] = macro.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                continue;
            }

            var code = FirstCode(line);
            if (code is null)
            {
                continue;
            }

            var braces = Braces().Match(line);
            var name = Braces().Replace(CodeBlock().Replace(line, string.Empty), string.Empty).Trim();
            var names = new List<string> { name };
            if (braces.Success)
            {
                names.AddRange(braces.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
            else
            {
                names.Add(name + "S");
            }

            foreach (var n in names)
            {
                foreach (var expanded in Expand(n, macros))
                {
                    result.Add(Phrase(expanded, code));
                }
            }
        }

        return result.ToImmutable();
    }

    private static IEnumerable<string> Expand(string name, Dictionary<string, string[]> macros)
    {
        var match = MacroUse().Match(name);
        if (!match.Success || !macros.TryGetValue(match.Groups[1].Value, out var values))
        {
            yield return name;
            yield break;
        }

        foreach (var value in values)
        {
            foreach (var expanded in Expand(name[..match.Index] + value + name[(match.Index + match.Length)..], macros))
            {
                yield return expanded;
            }
        }
    }

    private static (ImmutableDictionary<string, VerbEntry>, ImmutableArray<VerbEntry>, ImmutableDictionary<string, ImmutableArray<ImmutableArray<string>>>) ParseVerbs(List<string> lines)
    {
        var synsets = new Dictionary<string, List<ImmutableArray<string>>>(StringComparer.OrdinalIgnoreCase);
        var verbs = new Dictionary<string, VerbEntry>(StringComparer.OrdinalIgnoreCase);
        var phraseVerbs = new List<VerbEntry>();
        string? synset = null;
        string? blockCode = null;
        var blockVerbs = new List<(string Name, string[] Forms, string? Code)>();
        var patterns = new List<VerbPattern>();
        void FlushBlock()
        {
            foreach (var (name, forms, code) in blockVerbs)
            {
                var entry = new VerbEntry(Words(name), code ?? blockCode, [.. patterns]);
                if (entry.Words.Length > 1)
                {
                    phraseVerbs.Add(entry);
                    continue;
                }

                foreach (var form in Inflect(entry.Words[0]).Concat(forms.Select(f => f.ToUpperInvariant().TrimStart('+'))))
                {
                    // A verb listed in several blocks keeps every block's patterns and the code that is not "---".
                    verbs[form] = verbs.TryGetValue(form, out var earlier)
                        ? new VerbEntry(earlier.Words, earlier.Code is null or "---" ? entry.Code : earlier.Code, [.. earlier.Patterns, .. entry.Patterns])
                        : entry;
                }
            }

            blockVerbs.Clear();
            patterns.Clear();
            blockCode = null;
        }

        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                synset = null;
                continue;
            }

            if (line.StartsWith('&'))
            {
                synset = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0].ToUpperInvariant().TrimEnd('_');
                synsets[synset] = [];
                continue;
            }

            if (synset is not null && line.StartsWith('+'))
            {
                synsets[synset].Add(Words(line[1..]));
                continue;
            }

            var header = BlockHeader().Match(line);
            if (header.Success)
            {
                FlushBlock();
                blockCode = header.Groups[2].Value.Trim();
                continue;
            }

            if (line.StartsWith("- ", StringComparison.Ordinal) || line == "-")
            {
                var code = FirstCode(line);
                var body = CodeBlock().Replace(line[1..], string.Empty).Trim();
                var star = body.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var before = new List<string>();
                var after = new List<string>();
                var seenStar = false;
                foreach (var piece in star)
                {
                    // Words joined by "_" must be adjacent: the later ones carry a leading "=".
                    var joined = false;
                    foreach (var w in piece.Split('_', StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (w == "*")
                        {
                            // "RECENTLY_*": the word stands right before the verb (marked by a trailing "=");
                            // "*_UP": the word right after it.
                            if (joined && !seenStar && before.Count > 0)
                            {
                                before[^1] += "=";
                            }

                            seenStar = true;
                            joined = true;
                            continue;
                        }

                        (seenStar ? after : before).Add((joined ? "=" : string.Empty) + w.ToUpperInvariant());
                        joined = true;
                    }

                    if (piece.Contains('*', StringComparison.Ordinal))
                    {
                        seenStar = true;
                    }
                }

                if (!seenStar)
                {
                    (before, after) = ([], before);
                }

                var literals = before.Concat(after).Select(w => w.TrimStart('=')).Count(w => w.Length > 0 && (char.IsLetter(w[0]) || w[0] == '&'));
                patterns.Add(new VerbPattern([.. before], [.. after], code ?? "---", literals));
                continue;
            }

            // A verb line: "BAN {BANS BANNED}", "+ABC_AARDVARK_ADVOCATE [003]" or a plain verb.
            var verbCode = FirstCode(line);
            var formsMatch = Braces().Match(line);
            var verbName = Braces().Replace(CodeBlock().Replace(line.TrimStart('+'), string.Empty), string.Empty).Trim();
            if (verbName.Length > 0)
            {
                blockVerbs.Add((verbName, formsMatch.Success ? formsMatch.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [], verbCode));
            }
        }

        FlushBlock();
        return (verbs.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase), [.. phraseVerbs],
            synsets.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray(), StringComparer.OrdinalIgnoreCase));
    }

    private static IEnumerable<string> Inflect(string verb)
    {
        yield return verb;
        yield return verb.EndsWith('S') || verb.EndsWith("SH", StringComparison.Ordinal) || verb.EndsWith("CH", StringComparison.Ordinal) || verb.EndsWith('X') ? verb + "ES"
            : verb.EndsWith('Y') && verb.Length > 2 && !"AEIOU".Contains(verb[^2], StringComparison.Ordinal) ? verb[..^1] + "IES" : verb + "S";
        if (verb.EndsWith('E'))
        {
            yield return verb + "D";
            yield return verb[..^1] + "ING";
        }
        else if (verb.EndsWith('Y') && verb.Length > 2 && !"AEIOU".Contains(verb[^2], StringComparison.Ordinal))
        {
            yield return verb[..^1] + "IED";
            yield return verb + "ING";
        }
        else
        {
            yield return verb + "ED";
            yield return verb + "ING";
            if (verb.Length >= 3 && !"AEIOU".Contains(verb[^1], StringComparison.Ordinal) && "AEIOU".Contains(verb[^2], StringComparison.Ordinal) && !"AEIOU".Contains(verb[^3], StringComparison.Ordinal) && verb[^1] is not ('W' or 'X' or 'Y'))
            {
                yield return verb + verb[^1] + "ED";
                yield return verb + verb[^1] + "ING";
            }
        }
    }

    private static string? FirstCode(string line)
    {
        var match = CodeBlock().Match(line);
        if (!match.Success)
        {
            return null;
        }

        var code = match.Groups[1].Value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return code.Length == 0 ? null : code[0];
    }


    internal static bool IsEventCode(string? code) => code is not null && code.Length >= 2 && char.IsDigit(code[0])
        && code.Split(':').All(part => part.Length > 0 && char.IsDigit(part[0]) && part.All(char.IsLetterOrDigit)); // 174K is a code too

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex XmlComment();

    [GeneratedRegex(@"\[([^\]]*)\]")]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"\{([^}]*)\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"^(![A-Z]+!)\s*=\s*(.*)$")]
    private static partial Regex Macro();

    [GeneratedRegex(@"(![A-Z]+!)")]
    private static partial Regex MacroUse();

    [GeneratedRegex(@"^([A-Za-z-]+)(?:([<>])(\d{6,8})|(\d{6,8})-(\d{6,8}))$")]
    private static partial Regex DatedBlock();

    [GeneratedRegex(@"^---\s*(\S+)\s*\[([^\]]*)\]\s*---")]
    private static partial Regex BlockHeader();
}
