using System.Collections.Immutable;
using Communique.Core;
using Communique.Text;

namespace Communique.Extraction;

/// <summary>
/// Countries (by name, adjective, demonym, "the X side", and a capital standing for its government:
/// "Astana and Rome", "Rome's support"), cities, regions, venues, organisations, forums and companies —
/// from the lexicons and from naming patterns ("Astana International Forum", the quoted
/// "Central Asia Plus" platform, "Ministry of Foreign Affairs of Estonia").
/// </summary>
public sealed class EntityComponent(Lexicons lexicons) : IDocumentComponent
{
    /// <summary>Most tokens an organisation name found by pattern may span.</summary>
    public const int MaxOrgTokens = 16;

    /// <inheritdoc />
    public string Name => "entities";

    /// <inheritdoc />
    public IReadOnlyList<AnnotationLayer> Requires => [Layers.Tokens, Layers.Sentences, ExtractionLayers.Lexical, LexicalIndex.Layer, Layers.People];

    /// <inheritdoc />
    public IReadOnlyList<AnnotationLayer> Assigns => [Layers.Entities];

    private static bool HasPlaceReading(LexicalIndex index, LexicalMatch match)
    {
        foreach (var m in index.StartingAt(match.FirstToken))
        {
            if (m.Hit.Kind == LexKind.Place && m.TokenCount == match.TokenCount)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public void Process(Document document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var index = LexicalIndex.Of(document);
        var tokens = index.Tokens;
        var text = document.Text;
        // Tokens inside a person's name (not a bare country word a role mention resolved to) are not places.
        var inPerson = new bool[tokens.Length];
        var t0 = 0;
        foreach (var span in document.Get(Layers.People).SelectMany(p => p.Mentions).Select(m => m.Span).OrderBy(s => s.Start))
        {
            while (t0 < tokens.Length && tokens[t0].End <= span.Start)
            {
                t0++;
            }

            for (var t = t0; t < tokens.Length && tokens[t].Start < span.End; t++)
            {
                // A country named inside a role mention ("the President of Russia") is still a mention of it.
                if (!index.Covering(t).Any(m => m.Hit.Kind is LexKind.CountryName))
                {
                    inPerson[t] = true;
                }
            }
        }

        var found = new Dictionary<(EntityType, string), (string? Code, List<Mention> Mentions)>();
        void Add(EntityType type, string name, string? code, int start, int end)
        {
            if (!found.TryGetValue((type, name), out var entry))
            {
                entry = (code, []);
                found[(type, name)] = entry;
            }

            if (!entry.Mentions.Any(m => m.Start == start))
            {
                entry.Mentions.Add(new Mention(start, end, text[start..end]));
            }
        }

        var orgCovered = new bool[tokens.Length];
        foreach (var match in index.Matches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (inPerson[match.FirstToken])
            {
                continue;
            }

            switch (match.Hit.Kind)
            {
                case LexKind.CountryName or LexKind.CountryAdjective or LexKind.CountryDemonym:
                    var country = lexicons.Countries[match.Hit.Index];
                    Add(EntityType.Country, country.Name, country.Iso3, match.Start, match.End);
                    break;
                case LexKind.Place:
                    var place = lexicons.Places[match.Hit.Index];
                    if (place.Ambiguous && !PlaceContext(index, match.FirstToken))
                    {
                        break;
                    }

                    if (index.StartingAt(match.FirstToken).Any(m => m.Hit.Kind is LexKind.CountryName))
                    {
                        break; // Georgia the country, not the US state
                    }

                    Add(place.Type, place.Name, place.Country, match.Start, match.End);
                    if (place.IsCapital && place.Country is not null && IsMetonymy(index, match))
                    {
                        var state = lexicons.CountryByIso3.GetValueOrDefault(place.Country);
                        if (state is not null)
                        {
                            Add(EntityType.Country, state.Name, state.Iso3, match.Start, match.End);
                        }
                    }

                    break;
                case LexKind.Organization:
                    if (HasPlaceReading(index, match))
                    {
                        break; // Downing Street, the Kremlin: the place reading is kept
                    }

                    var org = lexicons.Organizations[match.Hit.Index];
                    Add(org.Type, org.Name, org.Code ?? org.Country, match.Start, match.End);
                    for (var t = match.FirstToken; t < match.EndToken; t++)
                    {
                        orgCovered[t] = true;
                    }

                    break;
            }
        }

        // Institutions named inside an office ("President of the Council of Ministers", "Chairman of the Halk Maslahaty").
        foreach (var title in index.Matches.Where(m => m.Hit.Kind == LexKind.Title && m.TokenCount >= 4))
        {
            for (var t = title.FirstToken + 1; t < title.EndToken; t++)
            {
                if (!index.Is(t - 1, "of") && !index.Is(t - 1, "the"))
                {
                    continue;
                }

                if (lexicons.Matcher.TryMatchAt(index.Text, tokens, t, title.EndToken, out var inner) && inner.EndToken == title.EndToken
                    && inner.Values.FirstOrDefault(v => v.Kind == LexKind.Organization) is { Kind: LexKind.Organization } orgHit)
                {
                    var named = lexicons.Organizations[orgHit.Index];
                    Add(named.Type, named.Name, named.Code ?? named.Country, tokens[t].Start, tokens[title.EndToken - 1].End);
                    break;
                }

                var headAt = Enumerable.Range(t, title.EndToken - t).FirstOrDefault(k => IsHead(index.Word(k), out _), -1);
                if (StartsCapitalized(index, t) && headAt >= 0 && IsHead(index.Word(headAt), out var innerType)
                    && Enumerable.Range(t, title.EndToken - t).All(k => StartsCapitalized(index, k) || index.Is(k, "of") || index.Is(k, "the")))
                {
                    Add(innerType, NormalizeSpaces(text[tokens[t].Start..tokens[title.EndToken - 1].End]), null, tokens[t].Start, tokens[title.EndToken - 1].End);
                    break;
                }
            }
        }

        foreach (var (type, name, first, end) in PatternOrganizations(index, orgCovered, inPerson))
        {
            Add(type, name, null, tokens[first].Start, tokens[end - 1].End);
        }

        // A place inside an organisation's or forum's name ("Central Asia" in "Central Asia Plus") is part of that name.
        var orgSpans = found.Where(e => e.Key.Item1 is EntityType.Org or EntityType.Forum or EntityType.Company).SelectMany(e => e.Value.Mentions).Select(m => m.Span).ToList();
        foreach (var key in found.Keys.Where(k => k.Item1 is EntityType.City or EntityType.Region or EntityType.Venue).ToList())
        {
            found[key].Mentions.RemoveAll(m => orgSpans.Any(o => o.Contains(m.Span) && o.Length > m.Span.Length));
            if (found[key].Mentions.Count == 0)
            {
                found.Remove(key);
            }
        }

        var ordered = found.OrderBy(e => e.Value.Mentions.Min(m => m.Start)).ToList();
        var result = ImmutableArray.CreateBuilder<EntityAnnotation>(ordered.Count);
        for (var n = 0; n < ordered.Count; n++)
        {
            var ((type, name), (code, mentions)) = (ordered[n].Key, ordered[n].Value);
            result.Add(new EntityAnnotation($"E{n + 1}", type, name, code, [.. mentions.OrderBy(m => m.Start)]));
        }

        document.Set(Layers.Entities, result.MoveToImmutable());
    }

    private static bool PlaceContext(LexicalIndex index, int first)
    {
        var prev = first - 1;
        return prev >= 0 && (index.Is(prev, "in") || index.Is(prev, "to") || index.Is(prev, "from") || index.Is(prev, "at") || index.Is(prev, "visited") || index.Is(prev, "near"));
    }

    /// <summary>A capital standing for its state: coordinated with another capital or state, or possessive.</summary>
    private bool IsMetonymy(LexicalIndex index, LexicalMatch match)
    {
        if (index.Is(match.EndToken, "'s"))
        {
            return true;
        }

        // A capital opening a sentence and followed by a verb-like lower-case word acts for its state ("Moscow rejects …").
        var sentence = index.Document.Sentences[index.SentenceOf(match.FirstToken)];
        if (match.FirstToken == sentence.FirstToken && match.EndToken < index.Tokens.Length && index.Tokens[match.EndToken].Kind == TokenKind.Word
            && char.IsLower(index.Text[index.Tokens[match.EndToken].Start]) && !lexicons.IsWord("stop", index.Word(match.EndToken)))
        {
            return true;
        }

        bool IsState(int token) => index.Covering(token).Any(m =>
            m.Hit.Kind is LexKind.CountryName || (m.Hit.Kind == LexKind.Place && lexicons.Places[m.Hit.Index].IsCapital));

        return (index.Is(match.EndToken, "and") && IsState(match.EndToken + 1))
               || (index.Is(match.FirstToken - 1, "and") && match.FirstToken >= 2 && IsState(match.FirstToken - 2))
               || (index.Is(match.FirstToken - 1, "between") && index.Is(match.EndToken, "and"));
    }

    private IEnumerable<(EntityType Type, string Name, int First, int End)> PatternOrganizations(LexicalIndex index, bool[] orgCovered, bool[] inPerson)
    {
        var tokens = index.Tokens;
        var text = index.Document.Text;
        var i = 0;
        while (i < tokens.Length)
        {
            // Quoted names: the "Central Asia Plus" dialogue platform · the first "Central Asia - Italy" Summit
            if (index.Is(i, "\"") && TryQuoted(index, i, out var qEnd, out var qName, out var qType))
            {
                yield return (qType, qName, i + 1, qEnd);
                i = qEnd;
                continue;
            }

            if (!orgCovered[i] && !inPerson[i] && StartsCapitalized(index, i) && !lexicons.IsWord("stop", index.Word(i))
                && !index.Covering(i).Any(m => m.Hit.Kind is LexKind.Title or LexKind.TitlePlural))
            {
                var (end, head) = ScanOrgName(index, i, orgCovered, inPerson);
                if (head is { } type)
                {
                    var name = text[tokens[i].Start..tokens[end - 1].End];
                    yield return (type, NormalizeSpaces(name), i, end);
                    i = end;
                    continue;
                }
            }

            i++;
        }
    }

    private bool TryQuoted(LexicalIndex index, int open, out int end, out string name, out EntityType type)
    {
        var tokens = index.Tokens;
        end = 0;
        name = string.Empty;
        type = EntityType.Forum;
        var close = -1;
        for (var k = open + 1; k < tokens.Length && k <= open + 10; k++)
        {
            if (index.Is(k, "\""))
            {
                close = k;
                break;
            }

            if (tokens[k].Kind == TokenKind.Word && !char.IsUpper(index.Text[tokens[k].Start]) && !index.Is(k, "and") && !index.Is(k, "of") && !index.Is(k, "for") && !index.Is(k, "the") && !index.Is(k, "plus"))
            {
                return false;
            }
        }

        if (close <= open + 1)
        {
            return false;
        }

        var inner = index.Document.Text[tokens[open + 1].Start..tokens[close - 1].End];
        var after = close + 1;
        if (after < tokens.Length && tokens[after].Has(TokenFlags.Capitalized) && IsHead(index.Word(after), out var headType))
        {
            name = NormalizeSpaces(inner + " " + index.Document.Text[tokens[after].Start..tokens[after].End]);
            type = headType;
            end = after + 1;
            return true;
        }

        var lastWord = index.Word(close - 1);
        if (IsHead(lastWord, out var innerType))
        {
            name = NormalizeSpaces(inner);
            type = innerType;
            end = close;
            return true;
        }

        // the "X" dialogue platform · the "X" format
        if (after < tokens.Length && (index.Is(after, "dialogue") || index.Is(after, "format") || index.Is(after, "platform") || index.Is(after, "initiative") || index.Is(after, "forum") || index.Is(after, "summit")))
        {
            name = NormalizeSpaces(inner);
            end = close;
            return true;
        }

        return false;
    }

    private (int End, EntityType? Type) ScanOrgName(LexicalIndex index, int start, bool[] orgCovered, bool[] inPerson)
    {
        var tokens = index.Tokens;
        EntityType? type = null;
        var lastGood = -1;
        var k = start;
        var sawHead = false;
        var sawOf = false;
        while (k < tokens.Length && k - start < MaxOrgTokens)
        {
            if (k > start && tokens[k].Has(TokenFlags.LineStart))
            {
                break;
            }

            if (inPerson[k])
            {
                break;
            }

            var word = index.Word(k);
            if (StartsCapitalized(index, k) || (tokens[k].Kind == TokenKind.Number && k > start))
            {
                if (IsHead(word, out var headType))
                {
                    type = headType;
                    sawHead = true;
                    lastGood = k + 1;
                }
                else if (sawHead)
                {
                    lastGood = k + 1; // "Ministry of Foreign Affairs of Estonia", "Bank of Kazakhstan"
                }

                k++;
                continue;
            }

            // Connectors inside names: of, for, and, the, hyphens and dashes between capitals, commas in ministry names.
            var connector = index.Is(k, "of") || index.Is(k, "for") || index.Is(k, "and") || index.Is(k, "the") || index.Is(k, "-")
                            || (index.Is(k, ",") && sawHead && sawOf && k + 1 < tokens.Length && StartsCapitalized(index, k + 1) && !orgCovered[k + 1]);
            if (connector && k + 1 < tokens.Length && (StartsCapitalized(index, k + 1) || index.Is(k + 1, "the")))
            {
                // Commas continue a name only inside its "of" part ("Ministry of Investment, Industry and Trade"), not
                // after a complete name in a list ("SDF Group, PetroValves and Ballestra").
                sawOf |= sawHead && (index.Is(k, "of") || index.Is(k, "for"));
                if (index.Is(k, "and") && ((!sawHead && !index.Is(k - 1, ",")) || index.Covering(k + 1).Any(m => m.Hit.Kind is LexKind.Title)))
                {
                    // "Kazakhstan and Italy" is not a name; "Investment, Industry and Trade" is, after a head;
                    // "… Central Committee and Foreign Minister" ends at the office.
                    break;
                }

                k++;
                continue;
            }

            break;
        }

        if (type is null || lastGood <= start)
        {
            return (start, null);
        }

        // A single head word ("Council") is not a name; nor is a title ("Council of Ministers" stays, "Head of State" never had a head).
        if (lastGood - start == 1)
        {
            return (start, null);
        }

        return (lastGood, type);
    }

    private bool IsHead(ReadOnlySpan<char> word, out EntityType type)
    {
        type = EntityType.Org;
        if (lexicons.IsWord("forumhead", word))
        {
            type = EntityType.Forum;
            return true;
        }

        if (lexicons.IsWord("companyhead", word))
        {
            type = EntityType.Company;
            return true;
        }

        return lexicons.IsWord("orghead", word);
    }

    private static bool StartsCapitalized(LexicalIndex index, int k) =>
        index.Tokens[k].Kind == TokenKind.Word && (index.Tokens[k].Has(TokenFlags.Capitalized) || index.Tokens[k].Has(TokenFlags.AllCaps));

    private static string NormalizeSpaces(string name) =>
        string.Join(' ', name.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
