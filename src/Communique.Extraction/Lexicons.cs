using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using Communique.Core;
using Communique.Text;

namespace Communique.Extraction;

/// <summary>A state or territory.</summary>
public sealed record CountryEntry(string Iso3, string Name, ImmutableArray<string> Names, ImmutableArray<string> Adjectives,
    ImmutableArray<string> Demonyms, string? Capital, string Status);

/// <summary>A city, region, venue or geographic area.</summary>
public sealed record PlaceEntry(string Name, EntityType Type, string? Country, ImmutableArray<string> Aliases, bool IsCapital, bool Ambiguous);

/// <summary>An organisation, forum, company or national institution.</summary>
public sealed record OrganizationEntry(string Name, EntityType Type, string? Code, ImmutableArray<string> Aliases, string? Country);

/// <summary>A way of writing an office, mapped to its canonical role.</summary>
public sealed record TitleEntry(string Variant, string Role, string? Sector, string Rank, string? Country);

/// <summary>A term of office.</summary>
public sealed record OfficeTerm(string Country, string Role, string Name, ImmutableArray<string> Aliases, DateOnly From, DateOnly? To, string Rank)
{
    /// <summary>True when the term covers <paramref name="date"/>.</summary>
    public bool Covers(DateOnly date) => From <= date && (To is null || date <= To);
}

/// <summary>A topic of cooperation.</summary>
public sealed record TopicEntry(string Label, string Group);

/// <summary>A currency.</summary>
public sealed record CurrencyEntry(string Code, ImmutableArray<string> Symbols, ImmutableArray<string> Words, ImmutableArray<string> Prefixes);

/// <summary>A publishing site and the state it speaks for.</summary>
public sealed record SiteEntry(string Site, string Country, string? Institution, string? PrincipalRole);

/// <summary>What a lexicon phrase stands for.</summary>
public enum LexKind : byte
{
    /// <summary>A country name.</summary>
    CountryName,
    /// <summary>A country adjective or singular demonym.</summary>
    CountryAdjective,
    /// <summary>A plural demonym.</summary>
    CountryDemonym,
    /// <summary>A place.</summary>
    Place,
    /// <summary>An organisation.</summary>
    Organization,
    /// <summary>An office title.</summary>
    Title,
    /// <summary>An office title in the plural (Presidents).</summary>
    TitlePlural,
    /// <summary>A topic.</summary>
    Topic,
    /// <summary>A currency word, code or symbol.</summary>
    Currency,
    /// <summary>A given name.</summary>
    GivenName,
    /// <summary>A known office holder's name or alias.</summary>
    OfficeHolder,
}

/// <summary>
/// A lexicon hit: kind, index into the kind's table, and the phrase's case pattern (bit i set: token i
/// must be capitalized; caps bit i set: token i must be all capitals).
/// </summary>
public readonly record struct LexHit(LexKind Kind, int Index, uint CapitalMask, uint CapsMask);

/// <summary>
/// Every lexicon the extractors use, loaded from the versioned TSV files embedded in this assembly (or
/// from a directory of same-named files that override them), and one phrase matcher over all of them.
/// Immutable and thread-safe; load once and share.
/// </summary>
public sealed class Lexicons
{
    private const string Prefix = "Communique.Lexicons.";

    private Lexicons(string? directory)
    {
        var versions = ImmutableDictionary.CreateBuilder<string, string>();
        LexiconFile Load(string name, int columns)
        {
            var file = LexiconFile.Load(typeof(Lexicons).Assembly, Prefix, name, directory, columns);
            versions[name] = file.Version ?? "unversioned";
            return file;
        }

        Countries = [.. Load("countries.tsv", 7).Rows.Select(r => new CountryEntry(r[0], r[1], [.. r.Alternatives(2)], [.. r.Alternatives(3)],
            [.. r.Alternatives(4)], r.Optional(5), r[6]))];
        Places = [.. Load("places.tsv", 5).Rows.Select(r => new PlaceEntry(r[0], ParsePlaceType(r[1]), r.Optional(2), [.. r.Alternatives(3)],
            r[4] == "1", r[5].Contains("ambiguous", StringComparison.Ordinal)))];
        Organizations = [.. Load("organizations.tsv", 3).Rows.Select(r => new OrganizationEntry(r[0], ParseOrgType(r[1]), r.Optional(2),
            [.. r.Alternatives(3)], r.Optional(4)))];
        Titles = [.. Load("titles.tsv", 4).Rows.Select(r => new TitleEntry(r[0], r[1], r.Optional(2), r[3], r.Optional(4)))];
        OfficeTerms = [.. Load("office-holders.tsv", 6).Rows.Select(ParseTerm).OfType<OfficeTerm>()];
        var topicRows = Load("topics.tsv", 1).Rows;
        Topics = [.. topicRows.Select(r => new TopicEntry(r[0], r[2]))];
        var topicAliases = topicRows.Select(r => r.Alternatives(1)).ToImmutableArray();
        Currencies = [.. Load("currencies.tsv", 3).Rows.Select(r => new CurrencyEntry(r[0], [.. r.Alternatives(1)], [.. r.Alternatives(2)], [.. r.Alternatives(3)]))];
        GivenNames = Load("given-names.tsv", 1).Rows.Select(r => r[0]).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        Sites = [.. Load("sites.tsv", 2).Rows.Select(r => new SiteEntry(r[0], r[1], r.Optional(2), r.Optional(3)))];
        var figures = Load("figures.tsv", 2).Rows;
        FigureWords = figures.GroupBy(r => r[1]).ToFrozenDictionary(g => g.Key,
            g => g.GroupBy(r => r[0], StringComparer.OrdinalIgnoreCase).ToFrozenDictionary(x => x.Key, x => x.First()[2], StringComparer.OrdinalIgnoreCase));
        var qualifiers = new PhraseMatcher<string>.Builder();
        foreach (var row in figures.Where(r => r[1] == "qualifier"))
        {
            qualifiers.Add(row[0], row[2]);
        }

        QualifierMatcher = qualifiers.Build();
        var cues = new PhraseMatcher<int>.Builder();
        foreach (var row in Load("topic-cues.tsv", 1).Rows)
        {
            cues.Add(row[0], 0);
        }

        TopicCueMatcher = cues.Build();
        Verbs = new VerbForms(Load("verb-forms.tsv", 3).Rows.Select(r => (r[0], r[1], r[2], r.Optional(3))));
        var events = new PhraseMatcher<EventTrigger>.Builder();
        var eventRows = Load("events.tsv", 2).Rows;
        // A phrase written out wins over a form generated from a [verb] elsewhere in the file.
        var written = eventRows.Where(r => !VerbForms.HasVerb(r[0])).Select(r => r[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var row in eventRows)
        {
            var trigger = new EventTrigger(row[0], row[1], row[2], row.Optional(3), [.. row.Alternatives(4).SelectMany(f => f.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))]);
            if (!VerbForms.HasVerb(row[0]))
            {
                events.Add(row[0], trigger);
                continue;
            }

            // The base form ("condemn") is marked: after "to" or a modal it reports no act ("struggle to meet", "should condemn").
            var baseForm = trigger with { Flags = trigger.Flags.Add("base") };
            var basePhrase = row[0].Replace("[", string.Empty, StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal);
            foreach (var phrase in Verbs.Expand(row[0]).Where(p => !written.Contains(p)))
            {
                events.Add(phrase, phrase == basePhrase ? baseForm : trigger);
            }
        }

        EventMatcher = events.Build();
        var grammar = Load("grammar.tsv", 2).Rows;
        WordClasses = grammar.GroupBy(r => r[1]).ToFrozenDictionary(g => g.Key, g => g.Select(r => r[0]).ToFrozenSet(StringComparer.OrdinalIgnoreCase));
        Versions = versions.ToImmutable();
        _givenNameLookup = GivenNames.GetAlternateLookup<ReadOnlySpan<char>>();
        _sitesByHost = Sites.GroupBy(e => e.Site.ToLowerInvariant()).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _wordClassLookups = WordClasses.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.GetAlternateLookup<ReadOnlySpan<char>>());

        CountryByIso3 = Countries.GroupBy(c => c.Iso3).ToFrozenDictionary(g => g.Key, g => g.First());
        TermsByCountry = OfficeTerms.GroupBy(t => t.Country, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal);
        TermsByNameKey = OfficeTerms
            .SelectMany(t => new[] { t.Name }.Concat(t.Aliases).Select(a => (Key: TextNormalizer.Key(a), Term: t)))
            .GroupBy(x => x.Key)
            .ToFrozenDictionary(g => g.Key, g => g.Select(x => x.Term).Distinct().ToImmutableArray());
        TitlesByVariantKey = Titles.GroupBy(t => TextNormalizer.Key(t.Variant)).ToFrozenDictionary(g => g.Key, g => g.ToImmutableArray());
        RoleKeys = Titles.Select(t => (Key: TextNormalizer.Key(t.Variant), t.Role)).Concat(Titles.Select(t => (Key: TextNormalizer.Key(t.Role), t.Role)))
            .GroupBy(x => x.Key).ToFrozenDictionary(g => g.Key, g => g.First().Role);
        Matcher = BuildMatcher(topicAliases);
    }

    /// <summary>States and territories.</summary>
    public ImmutableArray<CountryEntry> Countries { get; }

    /// <summary>Cities, regions, venues and areas.</summary>
    public ImmutableArray<PlaceEntry> Places { get; }

    /// <summary>Organisations, forums, companies and institutions.</summary>
    public ImmutableArray<OrganizationEntry> Organizations { get; }

    /// <summary>Office titles.</summary>
    public ImmutableArray<TitleEntry> Titles { get; }

    /// <summary>Terms of office (the office-holder table).</summary>
    public ImmutableArray<OfficeTerm> OfficeTerms { get; }

    /// <summary>Topics.</summary>
    public ImmutableArray<TopicEntry> Topics { get; }

    /// <summary>Currencies.</summary>
    public ImmutableArray<CurrencyEntry> Currencies { get; }

    /// <summary>Given names.</summary>
    public FrozenSet<string> GivenNames { get; }

    /// <summary>Publishing sites.</summary>
    public ImmutableArray<SiteEntry> Sites { get; }

    /// <summary>Closed word classes from grammar.tsv (stop, particle, honorific, orghead…).</summary>
    public FrozenDictionary<string, FrozenSet<string>> WordClasses { get; }

    /// <summary>Figure vocabulary from figures.tsv by class (qualifier, timeunit, percent, rankword, rankcue, measure, plural).</summary>
    public FrozenDictionary<string, FrozenDictionary<string, string>> FigureWords { get; }

    /// <summary>Qualifier phrases ("up to", "more than") with their normalized form.</summary>
    public PhraseMatcher<string> QualifierMatcher { get; }

    /// <summary>The inflector of the verbs written as [lemma] in events.tsv, with the irregular verbs of verb-forms.tsv.</summary>
    public VerbForms Verbs { get; }

    /// <summary>Event triggers and party phrases from events.tsv.</summary>
    public PhraseMatcher<EventTrigger> EventMatcher { get; }

    /// <summary>Phrases that introduce a list of topics.</summary>
    public PhraseMatcher<int> TopicCueMatcher { get; }

    /// <summary>The value of a figure word of a class, if any.</summary>
    public bool TryFigureWord(string wordClass, string phrase, out string value)
    {
        value = string.Empty;
        return FigureWords.TryGetValue(wordClass, out var words) && words.TryGetValue(phrase, out value!);
    }

    /// <summary>Version header of every loaded file.</summary>
    public ImmutableDictionary<string, string> Versions { get; }

    /// <summary>Countries by ISO3.</summary>
    public FrozenDictionary<string, CountryEntry> CountryByIso3 { get; }

    /// <summary>Office terms by the folded key of a name or alias.</summary>
    public FrozenDictionary<string, ImmutableArray<OfficeTerm>> TermsByNameKey { get; }

    /// <summary>Office terms by country code, in file order.</summary>
    public FrozenDictionary<string, ImmutableArray<OfficeTerm>> TermsByCountry { get; }

    /// <summary>Title entries by the folded key of their variant.</summary>
    public FrozenDictionary<string, ImmutableArray<TitleEntry>> TitlesByVariantKey { get; }

    /// <summary>Canonical role by the folded key of any variant or role.</summary>
    public FrozenDictionary<string, string> RoleKeys { get; }

    /// <summary>One matcher over every phrase of every lexicon.</summary>
    public PhraseMatcher<LexHit> Matcher { get; }

    /// <summary>The embedded lexicons.</summary>
    public static Lexicons Default => LazyDefault.Value;

    private static readonly Lazy<Lexicons> LazyDefault = new(() => new Lexicons(null), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads the embedded lexicons, with files in <paramref name="overrideDirectory"/> replacing same-named ones.</summary>
    public static Lexicons Load(string? overrideDirectory) => overrideDirectory is null ? Default : new Lexicons(overrideDirectory);

    /// <summary>True when <paramref name="word"/> belongs to the grammar class <paramref name="wordClass"/>.</summary>
    public bool IsWord(string wordClass, ReadOnlySpan<char> word) =>
        _wordClassLookups.TryGetValue(wordClass, out var lookup) && lookup.Contains(word);

    private readonly FrozenDictionary<string, FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>>> _wordClassLookups;

    /// <summary>True for a known given name.</summary>
    public bool IsGivenName(ReadOnlySpan<char> word) => _givenNameLookup.Contains(word);

    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _givenNameLookup;

    /// <summary>Canonical role for an office as written ("Foreign Minister" → "Minister of Foreign Affairs").</summary>
    public string CanonicalRole(string role) => RoleKeys.TryGetValue(TextNormalizer.Key(role), out var canonical) ? canonical : role;

    /// <summary>The site entry for a host: the longest matching host suffix, then the country-code domain.</summary>
    public SiteEntry? FindSite(string? site)
    {
        if (string.IsNullOrWhiteSpace(site))
        {
            return null;
        }

        // Try "en.kremlin.ru", then "kremlin.ru", then ".ru": the longest listed suffix wins.
        var host = site.Trim().ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal))
        {
            host = host[4..];
        }

        var rest = host;
        while (true)
        {
            if (_sitesByHost.TryGetValue(rest, out var entry))
            {
                return entry;
            }

            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                break;
            }

            if (_sitesByHost.TryGetValue(rest[dot..], out var tld) && rest[(dot + 1)..].IndexOf('.', StringComparison.Ordinal) < 0)
            {
                return tld;
            }

            rest = rest[(dot + 1)..];
        }

        return null;
    }

    private readonly FrozenDictionary<string, SiteEntry> _sitesByHost;

    /// <summary>Terms held by the person with this name (or alias).</summary>
    public ImmutableArray<OfficeTerm> TermsFor(string name) =>
        TermsByNameKey.TryGetValue(TextNormalizer.Key(name), out var terms) ? terms : [];

    /// <summary>Who held an office of the given rank or role in a country on a date.</summary>
    public OfficeTerm? Holder(string country, DateOnly date, string? role, string? rank)
    {
        OfficeTerm? best = null;
        foreach (var term in TermsByCountry.GetValueOrDefault(country, []))
        {
            if (!term.Covers(date))
            {
                continue;
            }

            if ((role is not null && string.Equals(term.Role, role, StringComparison.OrdinalIgnoreCase))
                || (role is null && rank is not null && term.Rank == rank))
            {
                best = term; // later rows win
            }
        }

        return best;
    }

    private PhraseMatcher<LexHit> BuildMatcher(ImmutableArray<string[]> topicAliases)
    {
        var builder = new PhraseMatcher<LexHit>.Builder();
        void Add(string phrase, LexKind kind, int index, bool caseSensitive)
        {
            var (folded, tokens) = builder.Prepare(phrase);
            uint capital = 0, caps = 0;
            if (caseSensitive)
            {
                for (var i = 0; i < tokens.Length && i < 32; i++)
                {
                    var t = tokens[i];
                    if (t.Has(TokenFlags.AllCaps) && t.Length <= 6)
                    {
                        caps |= 1u << i;
                    }
                    else if (t.Has(TokenFlags.Capitalized))
                    {
                        capital |= 1u << i;
                    }
                }
            }

            builder.Add(folded, new LexHit(kind, index, capital, caps));
        }

        for (var i = 0; i < Countries.Length; i++)
        {
            var c = Countries[i];
            Add(c.Name, LexKind.CountryName, i, true);
            foreach (var n in c.Names)
            {
                Add(n, LexKind.CountryName, i, true);
            }

            foreach (var a in c.Adjectives)
            {
                Add(a, LexKind.CountryAdjective, i, true);
            }

            foreach (var d in c.Demonyms)
            {
                Add(d, LexKind.CountryDemonym, i, true);
            }
        }

        for (var i = 0; i < Places.Length; i++)
        {
            Add(Places[i].Name, LexKind.Place, i, true);
            foreach (var a in Places[i].Aliases)
            {
                Add(a, LexKind.Place, i, true);
            }
        }

        for (var i = 0; i < Organizations.Length; i++)
        {
            Add(Organizations[i].Name, LexKind.Organization, i, true);
            foreach (var a in Organizations[i].Aliases)
            {
                Add(a, LexKind.Organization, i, true);
            }
        }

        for (var i = 0; i < Titles.Length; i++)
        {
            var variant = Titles[i].Variant;
            Add(variant, LexKind.Title, i, false);
            var plural = Pluralize(variant);
            if (plural is not null)
            {
                Add(plural, LexKind.TitlePlural, i, false);
            }
        }

        for (var i = 0; i < Topics.Length; i++)
        {
            Add(Topics[i].Label, LexKind.Topic, i, false);
            foreach (var a in topicAliases[i])
            {
                // Short all-caps aliases (AI, IT) must be written in capitals.
                Add(a, LexKind.Topic, i, a.Length <= 4 && a.All(ch => !char.IsLetter(ch) || char.IsUpper(ch)));
            }
        }

        for (var i = 0; i < Currencies.Length; i++)
        {
            var c = Currencies[i];
            Add(c.Code, LexKind.Currency, i, true);
            foreach (var s in c.Symbols)
            {
                Add(s, LexKind.Currency, i, true);
            }

            foreach (var w in c.Words)
            {
                Add(w, LexKind.Currency, i, false);
            }

            foreach (var prefix in c.Prefixes)
            {
                foreach (var w in c.Words)
                {
                    if (!w.Contains(' ', StringComparison.Ordinal))
                    {
                        Add(prefix + " " + w, LexKind.Currency, i, false);
                    }
                }
            }
        }

        for (var i = 0; i < OfficeTerms.Length; i++)
        {
            Add(OfficeTerms[i].Name, LexKind.OfficeHolder, i, true);
            foreach (var a in OfficeTerms[i].Aliases)
            {
                Add(a, LexKind.OfficeHolder, i, true);
            }
        }

        return builder.Build();
    }

    private static string? Pluralize(string variant)
    {
        // "President" → "Presidents"; "Minister of Foreign Affairs" → "Ministers of Foreign Affairs".
        var head = variant.Split(' ');
        var index = Array.FindIndex(head, w => w is "of" or "for");
        var last = index > 0 ? index - 1 : head.Length - 1;
        var word = head[last];
        if (word.Length < 3 || !char.IsLetter(word[^1]))
        {
            return null;
        }

        head[last] = word.EndsWith('s') ? word + "es" : word.EndsWith('y') && !"aeiou".Contains(word[^2], StringComparison.Ordinal) ? word[..^1] + "ies" : word + "s";
        return string.Join(' ', head);
    }

    private static OfficeTerm? ParseTerm(LexiconRow row)
    {
        if (!DateOnly.TryParseExact(row[4], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
        {
            throw new CommuniqueException(ErrorCatalog.LexiconFormat, $"office-holders.tsv:{row.Line}: 'from' must be YYYY-MM-DD, found '{row[4]}'.",
                "office-holders.tsv", "Fix the date in that row.");
        }

        DateOnly? to = null;
        if (row[5].Length > 0)
        {
            to = DateOnly.TryParseExact(row[5], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t
                : throw new CommuniqueException(ErrorCatalog.LexiconFormat, $"office-holders.tsv:{row.Line}: 'to' must be YYYY-MM-DD or empty, found '{row[5]}'.",
                    "office-holders.tsv", "Fix the date in that row.");
        }

        return new OfficeTerm(row[0], row[1], row[2], [.. row.Alternatives(3)], from, to, row[6]);
    }

    private static EntityType ParsePlaceType(string type) => type.ToUpperInvariant() switch
    {
        "CITY" => EntityType.City,
        "VENUE" => EntityType.Venue,
        _ => EntityType.Region,
    };

    private static EntityType ParseOrgType(string type) => type.ToUpperInvariant() switch
    {
        "FORUM" => EntityType.Forum,
        "COMPANY" => EntityType.Company,
        _ => EntityType.Org,
    };
}
