using System.Collections.Immutable;
using Communique.Core;
using Communique.Text;

namespace Communique.Extraction;

/// <summary>
/// Finds people with their office on the publication date and the state they represent, and resolves
/// every mention of them: full names (with titles before or after them), surnames, given names, and role
/// mentions ("the Head of State", "the Latvian President"), which are resolved from the publishing site
/// and the office-holder table when no name is given.
/// </summary>
public sealed class PersonComponent(Lexicons lexicons) : IDocumentComponent
{
    /// <summary>Most tokens a personal name may span.</summary>
    public const int MaxNameTokens = 6;

    /// <inheritdoc />
    public string Name => "people";

    /// <inheritdoc />
    public IReadOnlyList<AnnotationLayer> Requires => [Layers.Tokens, Layers.Sentences, Layers.Dates, ExtractionLayers.Lexical, LexicalIndex.Layer];

    /// <inheritdoc />
    public IReadOnlyList<AnnotationLayer> Assigns => [Layers.People];

    /// <inheritdoc />
    public void Process(Document document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var run = new Run(lexicons, LexicalIndex.Of(document));
        run.FindNames(cancellationToken);
        run.ResolveRoleMentions();
        run.AddSurnameMentions();
        document.Set(Layers.People, run.Output());
    }

    /// <summary>An office as written near a name.</summary>
    private sealed record TitlePhrase(TitleEntry Title, string Role, string? Country, bool Historic, bool Plural, int FirstToken, int EndToken);

    private sealed class PersonBuilder
    {
        private string _name = string.Empty;

        public required string Name
        {
            get => _name;
            set
            {
                _name = value;
                NameKey = TextNormalizer.Key(value);
            }
        }

        public string NameKey { get; private set; } = string.Empty;

        public OfficeTerm? Term { get; set; }

        public List<TitlePhrase> Titles { get; } = [];

        public List<Mention> Mentions { get; } = [];

        public bool NamedInText { get; set; } = true;

        public HashSet<string> SurnameKeys { get; } = new(StringComparer.Ordinal);

        public string? GivenKey { get; set; }

        public int FirstToken { get; set; }
    }

    private sealed class Run(Lexicons lex, LexicalIndex index)
    {
        private readonly List<PersonBuilder> _people = [];
        private readonly bool[] _used = new bool[index.Tokens.Length];
        private readonly DateOnly _date = index.Document.Metadata.Published ?? DateOnly.FromDateTime(DateTime.UtcNow);
        private readonly SiteEntry? _site = lex.FindSite(index.Document.Metadata.Site ?? HostOf(index.Document.Metadata.Url));

        private ImmutableArray<Token> Tokens => index.Tokens;

        public void FindNames(CancellationToken cancellationToken)
        {
            TitlePhrase? pluralTitle = null;
            var lastEnd = -1;
            for (var i = 0; i < Tokens.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!IsNameStart(i))
                {
                    continue;
                }

                var end = NameEnd(i);
                var before = TitleBefore(i);
                var after = TitleAfter(end);
                if (before is null && pluralTitle is not null && lastEnd >= 0 && i == lastEnd + 1 && (index.Is(lastEnd, "and") || index.Is(lastEnd, ",")))
                {
                    before = pluralTitle; // "Presidents A and B"
                }

                var honorific = i > 0 && lex.IsWord("honorific", index.Word(i - 1));
                var holder = HolderMatch(i, end);
                var given = end - i >= 2 && lex.IsGivenName(index.Word(i));
                // "TOKAYEV Kassym-Jomart" (surname first in capitals), but not "SDF Group" (a company).
                var caps = Tokens[i].Has(TokenFlags.AllCaps) && end - i >= 2 && !Tokens[i + 1].Has(TokenFlags.AllCaps)
                    && !lex.IsWord("companyhead", index.Word(end - 1));
                if (holder is null && before is null && after is null && !honorific && !given && !(caps && IsSentenceMiddle(i)))
                {
                    // A lone capitalised word: a surname of someone already found, resolved later.
                    continue;
                }

                if (end - i == 1 && holder is null && before is null && after is null && !honorific)
                {
                    continue;
                }

                var surface = index.Document.Text[Tokens[i].Start..Tokens[end - 1].End];
                var person = Upsert(surface, i, end, holder, caps);
                person.Mentions.Add(new Mention(Tokens[i].Start, Tokens[end - 1].End, surface));
                foreach (var title in new[] { before, after })
                {
                    if (title is not null)
                    {
                        person.Titles.Add(title);
                    }
                }

                MarkUsed(i, end);
                // "Presidents A and B": the plural title carries over to the next name.
                pluralTitle = before is { Plural: true } ? before : null;

                lastEnd = end;
                i = end - 1;
            }
        }

        public void ResolveRoleMentions()
        {
            for (var i = 0; i < Tokens.Length; i++)
            {
                if (_used[i] || !index.Is(i, "the"))
                {
                    continue;
                }

                var k = i + 1;
                string? country = null;
                var adjective = k < Tokens.Length ? index.FirstOfKind(index.StartingAt(k), LexKind.CountryAdjective) : null;
                if (adjective is { } adj)
                {
                    country = lex.Countries[adj.Hit.Index].Iso3;
                    k = adj.EndToken;
                }

                if (k >= Tokens.Length || _used[k])
                {
                    continue;
                }

                string? role = null;
                string? rank = null;
                var end = k;
                var title = index.FirstOfKind(index.StartingAt(k), LexKind.Title);
                if (title is { } t)
                {
                    var entry = lex.Titles[t.Hit.Index];
                    role = entry.Role;
                    rank = entry.Rank;
                    end = t.EndToken;
                }
                else if (country is not null && lex.IsWord("leader", index.Word(k)) && !index.Word(k).EndsWith("s", StringComparison.Ordinal))
                {
                    rank = "head_of_state";
                    end = k + 1;
                }
                else
                {
                    continue;
                }

                // "the President of Finland"
                if (end + 1 < Tokens.Length && index.Is(end, "of"))
                {
                    var of = end + 1 + (index.Is(end + 1, "the") ? 1 : 0);
                    if (index.FirstOfKind(index.StartingAt(of), LexKind.CountryName) is { } named)
                    {
                        country ??= lex.Countries[named.Hit.Index].Iso3;
                        end = named.EndToken;
                    }
                }

                // A name right after makes it a title, not a role mention.
                if (end < Tokens.Length && (IsNameStart(end) || _used[end]))
                {
                    continue;
                }

                var person = ResolveRole(country, role, rank);
                if (person is not null)
                {
                    var start = Tokens[i].Start;
                    var stop = Tokens[end - 1].End;
                    person.Mentions.Add(new Mention(start, stop, index.Document.Text[start..stop]));
                    MarkUsed(i, end);
                }
            }
        }

        public void AddSurnameMentions()
        {
            if (_people.Count == 0)
            {
                return;
            }

            // Surnames and given names are single words: test each capitalised word against them first.
            var keys = new HashSet<string>(_people.SelectMany(p => p.SurnameKeys).Concat(_people.Select(p => p.GivenKey).OfType<string>()), StringComparer.OrdinalIgnoreCase);
            var lookup = keys.GetAlternateLookup<ReadOnlySpan<char>>();
            for (var i = 0; i < Tokens.Length; i++)
            {
                if (_used[i] || Tokens[i].Kind != TokenKind.Word || !Tokens[i].Has(TokenFlags.Capitalized))
                {
                    continue;
                }

                var word = index.Document.Text.AsSpan(Tokens[i].Start, Tokens[i].Length);
                if (System.Text.Ascii.IsValid(word) ? !lookup.Contains(word) : !keys.Contains(TextNormalizer.Key(word.ToString())))
                {
                    continue;
                }

                var end = NameEnd(i);
                if (BySurnameOrGivenName(TextNormalizer.Key(index.Document.Text[Tokens[i].Start..Tokens[end - 1].End])) is { } person)
                {
                    var start = Tokens[i].Start;
                    var stop = Tokens[end - 1].End;
                    person.Mentions.Add(new Mention(start, stop, index.Document.Text[start..stop]));
                    MarkUsed(i, end);
                    i = end - 1;
                }
            }
        }

        // The one person with this surname, else the one with this given name; null when none or several.
        private PersonBuilder? BySurnameOrGivenName(string key)
        {
            var matches = _people.Where(p => p.SurnameKeys.Contains(key)).ToList();
            if (matches.Count == 0)
            {
                matches = _people.Where(p => p.GivenKey == key).ToList();
            }

            return matches.Count == 1 ? matches[0] : null;
        }

        public ImmutableArray<PersonAnnotation> Output()
        {
            var result = ImmutableArray.CreateBuilder<PersonAnnotation>(_people.Count);
            var ordered = _people.OrderBy(p => p.Mentions.Count == 0 ? int.MaxValue : p.Mentions.Min(m => m.Start)).ToList();
            for (var n = 0; n < ordered.Count; n++)
            {
                var p = ordered[n];
                var (role, country, sector, source) = Office(p);
                result.Add(new PersonAnnotation($"P{n + 1}", p.Name, role, country, sector, p.NamedInText,
                    [.. p.Mentions.OrderBy(m => m.Start).DistinctBy(m => m.Start)])
                {
                    Why = ExplainOffice(p, role, country, source),
                });
            }

            return result.MoveToImmutable();
        }

        /// <summary>Where a person's office came from (<see cref="ExplainOffice"/> words it).</summary>
        private enum OfficeSource
        {
            None,
            TextOverTable,
            Table,
            Title,
        }

        private (string? Role, string? Country, string? Sector, OfficeSource Source) Office(PersonBuilder p)
        {
            var current = p.Titles.FirstOrDefault(t => !t.Historic);
            // Out of office by the table, but the text gives a current title: the text is newer than the table.
            if (p.Term is { Rank: "former" } && current is not null)
            {
                return (current.Role, current.Country ?? p.Term.Country, current.Title.Sector ?? "GOV", OfficeSource.TextOverTable);
            }

            if (p.Term is { } term)
            {
                var country = term.Country.Length == 3 && lex.CountryByIso3.ContainsKey(term.Country) ? term.Country : current?.Country;
                if (term.Rank == "igo_head")
                {
                    country = null;
                }

                var sector = lex.TitlesByVariantKey.TryGetValue(TextNormalizer.Key(term.Role), out var entries) ? entries[0].Sector : "GOV";
                if (term.Rank == "igo_head")
                {
                    // "Secretary General of the Organization of Turkic States": the office names its organisation.
                    var org = lex.Organizations.FirstOrDefault(o => o.Code == term.Country || o.Aliases.Contains(term.Country));
                    return (org is null ? term.Role : $"{term.Role} of the {org.Name}", null, "IGO", OfficeSource.Table);
                }

                return (term.Role, country, sector ?? "GOV", OfficeSource.Table);
            }

            var title = current ?? p.Titles.FirstOrDefault();
            // An official with an office but no state named, on a government site, serves that government; an
            // international organisation's official ("EU Special Representative") serves no state.
            var fallback = title is { Country: null, Title.Sector: "IGO" } ? null
                : title?.Country ?? (title is not null ? _site?.Country : null) ?? CounterpartCountry(p);
            return (title?.Role, fallback, title?.Title.Sector, title is null ? OfficeSource.None : OfficeSource.Title);
        }

        /// <summary>The reasons for a person's office and country, in plain words (output people only).</summary>
        private ImmutableArray<string> ExplainOffice(PersonBuilder p, string? role, string? country, OfficeSource source)
        {
            static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var tokens = index.Document.Tokens;
            string Words(TitlePhrase t) => index.Document.Text[tokens[t.FirstToken].Start..tokens[t.EndToken - 1].End];
            var title = p.Titles.FirstOrDefault(t => !t.Historic) ?? p.Titles.FirstOrDefault();
            var on = index.Document.Metadata.Published is null ? $"today ({Day(_date)}), as the document has no date" : $"the publication date {Day(_date)}";
            switch (source)
            {
                case OfficeSource.TextOverTable when title is not null:
                    return [$"office {role}: the title “{Words(title)}” in the text; office-holders.tsv has no term of {p.Name}'s covering {on}"];
                case OfficeSource.Table when p.Term is { } term:
                    var span = term.To is { } end ? $"{Day(term.From)} to {Day(end)}" : $"{Day(term.From)} on";
                    var how = title is not null ? $"written as “{Words(title)}”"
                        : p.NamedInText || p.Mentions.Count == 0 ? "named without a title"
                        : $"named only by the role “{p.Mentions.MinBy(m => m.Start).Text}”{(_site is null ? string.Empty : $" on {_site.Site}")}";
                    var held = term.To is { } ended && ended < _date ? $"ended before {on}" : $"held on {on}";
                    return [$"office {role}: office-holders.tsv, {term.Role} ({term.Country}) {span}, {held}; {how}"];
                case OfficeSource.Title when title is not null:
                    var from = title.Country is not null ? "the title names it"
                        : country is not null && country == _site?.Country ? $"the publisher ({_site.Site}), as the title names no state"
                        : "the one other state named in the sentence";
                    return country is null
                        ? [$"office {role}: the title “{Words(title)}” in the text"]
                        : [$"office {role}: the title “{Words(title)}” in the text", $"country {country}: {from}"];
                default:
                    return country is null ? [] : [$"country {country}: the one state named in the sentence other than the publisher's"];
            }
        }

        private string? CounterpartCountry(PersonBuilder p)
        {
            // A person with no office named in a bilateral release: the one state in the sentence that is
            // not the publisher's ("a street named after Marco Polo … friendship between Kazakhstan and Italy").
            if (p.Mentions.Count == 0)
            {
                return null;
            }

            var sentence = index.Document.Sentences[index.SentenceOf(p.FirstToken)];
            var states = new HashSet<string>(StringComparer.Ordinal);
            foreach (var m in index.Matches)
            {
                if (m.FirstToken >= sentence.FirstToken && m.EndToken <= sentence.EndToken
                    && m.Hit.Kind is LexKind.CountryName or LexKind.CountryAdjective or LexKind.CountryDemonym)
                {
                    states.Add(lex.Countries[m.Hit.Index].Iso3);
                }
            }

            if (_site is not null)
            {
                states.Remove(_site.Country);
            }

            return states.Count == 1 ? states.First() : null;
        }

        private PersonBuilder? ResolveRole(string? country, string? role, string? rank)
        {
            var implicitCountry = country is null;
            country ??= _site?.Country;
            var genericHead = role is null || role.StartsWith("Head of", StringComparison.OrdinalIgnoreCase);
            var wantRank = rank is "head_of_state" or "head_of_government" ? rank : null;

            bool Fits(PersonBuilder p, string? inCountry)
            {
                var (r, c, _, _) = Office(p);
                if (inCountry is not null && c != inCountry)
                {
                    return false;
                }

                if (!genericHead)
                {
                    // "the Governor" is the Governor of Primorsky Krai named earlier.
                    return r is not null && (string.Equals(r, role, StringComparison.OrdinalIgnoreCase) || r.StartsWith(role + " of ", StringComparison.OrdinalIgnoreCase));
                }

                return p.Term?.Rank == wantRank || (p.Term is null && p.Titles.Any(t => t.Title.Rank == wantRank));
            }

            var found = _people.Where(p => Fits(p, country)).ToList();
            if (found.Count == 1)
            {
                return found[0];
            }

            // "The Prime Minister accepted the invitation" on the White House site: the one Prime Minister named
            // in the release (Albanese), as the publisher's state has no such office.
            if (found.Count == 0 && implicitCountry && !genericHead && country is not null)
            {
                found = _people.Where(p => Fits(p, null)).ToList();
                if (found.Count == 1)
                {
                    return found[0];
                }
            }

            if (found.Count > 1 || country is null)
            {
                return null;
            }

            var holder = genericHead ? lex.Holder(country, _date, null, wantRank ?? "head_of_state") : lex.Holder(country, _date, role, null);
            if (holder is null && !genericHead && rank is "head_of_state" or "head_of_government")
            {
                holder = lex.Holder(country, _date, null, rank);
            }

            if (holder is null)
            {
                return null;
            }

            var existing = _people.FirstOrDefault(p => p.Name == holder.Name);
            if (existing is not null)
            {
                return existing;
            }

            var created = new PersonBuilder { Name = holder.Name, Term = holder, NamedInText = false, FirstToken = 0 };
            AddKeys(created, holder.Name, caps: false);
            _people.Add(created);
            return created;
        }

        private PersonBuilder Upsert(string surface, int first, int end, OfficeTerm? holder, bool caps)
        {
            var name = holder?.Name ?? CanonicalName(surface, caps);
            var key = TextNormalizer.Key(name);
            var single = end - first == 1;
            var existing = _people.FirstOrDefault(p => p.NameKey == key)
                           ?? (single || holder is null ? _people.FirstOrDefault(p => p.SurnameKeys.Contains(key)) : null);
            if (existing is not null)
            {
                if (existing.Term is null && holder is not null)
                {
                    existing.Term = holder;
                    existing.Name = holder.Name;
                }

                existing.NamedInText = true;
                return existing;
            }

            // A full name that extends a surname-only person found earlier ("President Stubb" … "Alexander Stubb").
            var partial = _people.FirstOrDefault(p => !p.Name.Contains(' ', StringComparison.Ordinal) && key.EndsWith(" " + p.NameKey, StringComparison.Ordinal));
            if (partial is not null)
            {
                partial.Name = name;
                partial.Term ??= holder;
                AddKeys(partial, name, caps);
                return partial;
            }

            var person = new PersonBuilder { Name = name, Term = holder, FirstToken = first };
            AddKeys(person, name, caps);
            if (caps)
            {
                AddKeys(person, surface, caps: true);
            }

            if (holder is not null)
            {
                foreach (var alias in holder.Aliases)
                {
                    if (!alias.Contains(' ', StringComparison.Ordinal))
                    {
                        person.SurnameKeys.Add(TextNormalizer.Key(alias));
                    }
                }
            }

            _people.Add(person);
            return person;
        }

        private static void AddKeys(PersonBuilder person, string name, bool caps)
        {
            var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                return;
            }

            person.SurnameKeys.Add(TextNormalizer.Key(caps ? parts[0] : parts[^1]));
            if (parts.Length > 1)
            {
                person.GivenKey ??= TextNormalizer.Key(caps ? parts[1] : parts[0]);
            }
        }

        private static string CanonicalName(string surface, bool caps)
        {
            var parts = surface.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (caps && parts.Length >= 2)
            {
                // "KISHIDA Fumio" → "Fumio Kishida"
                var family = parts[0];
                var titled = char.ToUpperInvariant(family[0]) + family[1..].ToLowerInvariant();
                return string.Join(' ', parts.Skip(1).Append(titled));
            }

            return string.Join(' ', parts);
        }

        private OfficeTerm? HolderMatch(int first, int end)
        {
            foreach (var m in index.Covering(first))
            {
                if (m.Hit.Kind == LexKind.OfficeHolder && m.FirstToken == first && m.EndToken == end)
                {
                    var terms = lex.OfficeTerms[m.Hit.Index];
                    return BestTerm(lex.TermsFor(terms.Name));
                }
            }

            // Names the lexical pass missed differ from a table entry only by diacritics or spacing.
            var surface = index.Document.Text.AsSpan(Tokens[first].Start, Tokens[end - 1].End - Tokens[first].Start);
            if (System.Text.Ascii.IsValid(surface))
            {
                return null;
            }

            var key = TextNormalizer.Key(surface.ToString());
            return lex.TermsByNameKey.TryGetValue(key, out var byKey) ? BestTerm(byKey) : null;
        }

        private OfficeTerm? BestTerm(ImmutableArray<OfficeTerm> terms)
        {
            if (terms.IsDefaultOrEmpty)
            {
                return null;
            }

            // The office held on the publication date; heads of state and government before ministers.
            static int RankOrder(string rank) => rank switch
            {
                "head_of_state" => 0,
                "head_of_government" => 1,
                "igo_head" => 2,
                _ => 3,
            };

            var covering = terms.Where(t => t.Covers(_date)).OrderBy(t => RankOrder(t.Rank)).FirstOrDefault();
            if (covering is not null)
            {
                return covering;
            }

            // Out of office on that date: keep the name, not an office.
            var latest = terms.OrderByDescending(t => t.From).First();
            return latest with { Role = latest.To < _date ? "former " + latest.Role : latest.Role, Rank = "former" };
        }

        private bool IsNameStart(int i)
        {
            if (_used[i])
            {
                return false;
            }

            var t = Tokens[i];
            if (t.Kind != TokenKind.Word || !(t.Has(TokenFlags.Capitalized) || t.Has(TokenFlags.AllCaps)) || t.Has(TokenFlags.Abbreviation))
            {
                return false;
            }

            var word = index.Word(i);
            if (lex.IsWord("stop", word) || lex.IsWord("honorific", word) || DateParser.Default.TryGetMonth(word, out _) || DateParser.Default.IsWeekday(word))
            {
                return false;
            }

            return IsNameToken(i);
        }

        private bool IsNameToken(int i)
        {
            var t = Tokens[i];
            if (t.Kind != TokenKind.Word || t.Has(TokenFlags.HasDigit) || !(t.Has(TokenFlags.Capitalized) || t.Has(TokenFlags.AllCaps)) || t.Length < 2)
            {
                return false;
            }

            var (from, to) = index.CoverRange(i);
            for (var m = from; m < to; m++)
            {
                if (index.Matches[m].Hit.Kind is LexKind.OfficeHolder or LexKind.GivenName)
                {
                    return true;
                }
            }

            return from == to;
        }

        private int NameEnd(int start)
        {
            // An office holder's full name as one phrase.
            foreach (var m in index.Covering(start))
            {
                if (m.Hit.Kind == LexKind.OfficeHolder && m.FirstToken == start)
                {
                    return m.EndToken;
                }
            }

            var end = start + 1;
            while (end < Tokens.Length && end - start < MaxNameTokens)
            {
                var t = Tokens[end];
                if (t.Has(TokenFlags.LineStart))
                {
                    break;
                }

                if (index.Is(end, "-") && !t.Has(TokenFlags.SpaceBefore) && end + 1 < Tokens.Length && !Tokens[end + 1].Has(TokenFlags.SpaceBefore) && IsNameToken(end + 1))
                {
                    end += 2; // Kassym-Jomart, Jae-myung
                    continue;
                }

                if (index.Is(end, "-") && !t.Has(TokenFlags.SpaceBefore) && end + 1 < Tokens.Length && !Tokens[end + 1].Has(TokenFlags.SpaceBefore)
                    && Tokens[end + 1].Kind == TokenKind.Word && char.IsLower(index.Text[Tokens[end + 1].Start]) && Tokens[end + 1].Length <= 6
                    && lex.GivenNames.Contains(index.Document.Text[Tokens[end - 1].Start..Tokens[end + 1].End]))
                {
                    end += 2; // Jae-myung
                    continue;
                }

                if (lex.IsWord("particle", index.Word(end)) && end + 1 < Tokens.Length && IsNameToken(end + 1))
                {
                    end += 2;
                    continue;
                }

                if (IsNameToken(end) && t.Has(TokenFlags.SpaceBefore) && !lex.IsWord("stop", index.Word(end)))
                {
                    end++;
                    continue;
                }

                break;
            }

            // Hyphenated given names with a lower-case second part: "Lee Jae-myung".
            if (end + 1 < Tokens.Length && index.Is(end, "-") && !Tokens[end].Has(TokenFlags.SpaceBefore) && !Tokens[end + 1].Has(TokenFlags.SpaceBefore)
                && Tokens[end + 1].Kind == TokenKind.Word && Tokens[end + 1].Length <= 6 && char.IsLower(index.Text[Tokens[end + 1].Start]))
            {
                end += 2;
            }

            return end;
        }

        private TitlePhrase? TitleBefore(int start)
        {
            var k = start - 1;
            while (k >= 0 && lex.IsWord("honorific", index.Word(k)))
            {
                k--;
            }

            if (k < 0)
            {
                return null;
            }

            string? complementCountry = null;
            string? complementText = null;
            var titleEnd = k;
            var endMatch = index.EndingAt(k).FirstOrDefault();
            if (endMatch.TokenCount > 0 && endMatch.Hit.Kind is LexKind.CountryName or LexKind.Place or LexKind.Organization)
            {
                // "President of the Republic of Kazakhstan Kassym-Jomart Tokayev" · "Governor of Primorsky Krai Oleg Kozhemyako"
                var of = endMatch.FirstToken - 1;
                if (of >= 0 && index.Is(of, "the"))
                {
                    of--;
                }

                if (of >= 1 && (index.Is(of, "of") || index.Is(of, "for")))
                {
                    (complementCountry, complementText) = Complement(endMatch, of);
                    titleEnd = of - 1;
                }
            }

            var title = index.EndingAt(titleEnd).FirstOrDefault(m => m.Hit.Kind is LexKind.Title or LexKind.TitlePlural);
            if (title.TokenCount == 0)
            {
                return null;
            }

            return MakeTitle(title, complementCountry, complementText, start);
        }

        private TitlePhrase? TitleAfter(int end)
        {
            // "Mr. KISHIDA Fumio, Prime Minister of Japan" · "Edgars Rinkēvičs, then serving as Latvia's Minister of Foreign Affairs"
            if (end >= Tokens.Length || !index.Is(end, ","))
            {
                return null;
            }

            var k = end + 1;
            var historic = false;
            while (k < Tokens.Length && (lex.IsWord("historic", index.Word(k)) || index.Is(k, "serving") || index.Is(k, "as") || index.Is(k, "the") || index.Is(k, "who") || index.Is(k, "was")))
            {
                historic |= lex.IsWord("historic", index.Word(k)) || index.Is(k, "was");
                k++;
            }

            string? country = null;
            var lead = index.FirstOfKind(index.StartingAt(k), LexKind.CountryAdjective, LexKind.CountryName);
            if (lead is { } l && (l.Hit.Kind == LexKind.CountryAdjective || index.Is(l.EndToken, "'s")))
            {
                country = lex.Countries[l.Hit.Index].Iso3;
                k = l.EndToken + (index.Is(l.EndToken, "'s") ? 1 : 0);
            }

            var title = index.StartingAt(k).FirstOrDefault(m => m.Hit.Kind == LexKind.Title);
            if (title.TokenCount == 0)
            {
                return null;
            }

            var after = title.EndToken;
            string? complementText = null;
            if (after + 1 < Tokens.Length && (index.Is(after, "of") || index.Is(after, "for")))
            {
                var of = after + 1 + (index.Is(after + 1, "the") ? 1 : 0);
                var target = index.StartingAt(of).FirstOrDefault(m => m.Hit.Kind is LexKind.CountryName or LexKind.Place or LexKind.Organization);
                if (target.TokenCount > 0)
                {
                    var (c, text) = Complement(target, after);
                    country ??= c;
                    complementText = text;
                    after = target.EndToken;
                }
            }

            var phrase = MakeTitle(title, country, complementText, end);
            return phrase is null ? null : phrase with { Historic = historic || phrase.Historic, FirstToken = title.FirstToken, EndToken = after };
        }

        private (string? Country, string? Text) Complement(LexicalMatch target, int ofToken)
        {
            switch (target.Hit.Kind)
            {
                case LexKind.CountryName:
                    return (lex.Countries[target.Hit.Index].Iso3, null);
                case LexKind.Place:
                    var place = lex.Places[target.Hit.Index];
                    return (place.Country, index.Document.Text[Tokens[ofToken].Start..target.End]);
                default:
                    var org = lex.Organizations[target.Hit.Index];
                    return (org.Country, index.Document.Text[Tokens[ofToken].Start..target.End]);
            }
        }

        private TitlePhrase? MakeTitle(LexicalMatch title, string? country, string? complement, int nameStart)
        {
            var entry = lex.Titles[title.Hit.Index];
            var before = title.FirstToken - 1;
            var historic = entry.Rank == "former" || (before >= 0 && lex.IsWord("historic", index.Word(before)));
            if (country is null && before >= 0)
            {
                // "Italian Prime Minister" · "Latvia's Minister of Foreign Affairs"
                var possessive = index.Is(before, "'s") ? before - 1 : before;
                var adj = index.EndingAt(possessive).FirstOrDefault(m => m.Hit.Kind is LexKind.CountryAdjective || (m.Hit.Kind == LexKind.CountryName && possessive != before));
                if (adj.TokenCount > 0)
                {
                    country = lex.Countries[adj.Hit.Index].Iso3;
                    historic |= adj.FirstToken > 0 && lex.IsWord("historic", index.Word(adj.FirstToken - 1));
                }
            }

            // Country-specific readings ("President of the Council of Ministers" is Italy's Prime Minister).
            if (country is not null && lex.TitlesByVariantKey.TryGetValue(TextNormalizer.Key(entry.Variant), out var variants))
            {
                entry = variants.FirstOrDefault(v => v.Country == country) ?? variants.FirstOrDefault(v => v.Country is null) ?? entry;
            }
            else if (country is null && entry.Country is not null)
            {
                country = entry.Country;
            }

            var role = complement is null ? entry.Role : entry.Role + " " + complement;
            return new TitlePhrase(entry, role, country, historic, title.Hit.Kind == LexKind.TitlePlural, title.FirstToken, nameStart);
        }

        private bool IsSentenceMiddle(int i)
        {
            var s = index.Document.Sentences[index.SentenceOf(i)];
            return i > s.FirstToken;
        }

        private void MarkUsed(int from, int to)
        {
            for (var t = from; t < to && t < _used.Length; t++)
            {
                _used[t] = true;
            }
        }

        private static string? HostOf(string? url) =>
            url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : null;
    }
}
