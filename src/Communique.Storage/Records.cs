namespace Communique.Storage;

/// <summary>A span of a document's text: an evidence sentence or a highlighted mention.</summary>
public sealed record TextRange(int Start, int End, string Text);

/// <summary>A highlighted mention in a document: what it is (person, country, place, organisation, figure, topic, date) and its label.</summary>
public sealed record Highlight(int Start, int End, string Kind, string Label);

/// <summary>A person named in a document, with the office held on its publication date.</summary>
public sealed record StoredPerson(string Name, string? Role, string? Country, string? Sector);

/// <summary>A named entity other than a person.</summary>
public sealed record StoredEntity(string Type, string Name, string? Code);

/// <summary>A figure with its meaning and the sentence it stands in.</summary>
public sealed record StoredFigure(string Kind, decimal Value, string? Unit, string? Qualifier, string? About, string Text, TextRange Sentence);

/// <summary>A coded event: PLOVER type, mode, CAMEO code, the two sides (state codes and CAMEO-style actor codes), flags and evidence.</summary>
public sealed record StoredEvent(
    string Type,
    string? Mode,
    string Cameo,
    IReadOnlyList<string> Actors,
    IReadOnlyList<string> ActorCodes,
    IReadOnlyList<string> Recipients,
    IReadOnlyList<string> RecipientCodes,
    string? Date,
    bool Historical,
    bool Future,
    bool Negated,
    IReadOnlyList<TextRange> Evidence)
{
    /// <summary>The trigger words of each mention ("held talks"), as offsets into the document's text.</summary>
    public IReadOnlyList<TextRange> Triggers { get; init; } = [];

    /// <summary>Why the event was coded so, in plain words (the trigger's lexicon entry, how each side was found, mode, date, flags).</summary>
    public IReadOnlyList<string> Why { get; init; } = [];

    /// <summary>
    /// The story key: one real-world event reported by several documents shares its type, sides and date.
    /// Events without a date of their own are keyed by the day of the document that reports them. Meetings and
    /// visits are one kind of story keyed by their participants regardless of direction: the host's release
    /// ("Italy's Prime Minister arrived in Astana… talks") codes a visit, the guest's ("the Prime Minister held
    /// talks with the President of Kazakhstan") a meeting — the same talks. Calls and multilateral meetings keep
    /// their mode.
    /// </summary>
    public string StoryKey(string? published)
    {
        var (mode, actors, recipients) = StorySides();
        return string.Join('|', Type, mode, string.Join('+', actors), string.Join('+', recipients),
            Date ?? published ?? string.Empty, Historical ? "h" : Future ? "f" : Negated ? "n" : string.Empty);
    }

    /// <summary>The mode and sides a story is keyed by, in a canonical order (see <see cref="StoryKey"/>).</summary>
    public (string Mode, IReadOnlyList<string> Actors, IReadOnlyList<string> Recipients) StorySides() =>
        Type == "CONSULT" && Mode is null or "visit" or "phone" or "third-party"
            ? (Mode is "phone" or "third-party" ? Mode : "meeting", [.. Actors.Concat(Recipients).Distinct().Order(StringComparer.Ordinal)], [])
            : (Mode ?? string.Empty, [.. Actors.Order(StringComparer.Ordinal)], [.. Recipients.Order(StringComparer.Ordinal)]);
}

/// <summary>One extracted document as the store keeps it; <see cref="Json"/> is the full DESIGN §3 record.</summary>
public sealed record StoredDocument(
    string Id,
    string? Url,
    string? Site,
    string? Title,
    string? Published,
    string Text,
    string Json,
    IReadOnlyList<StoredPerson> People,
    IReadOnlyList<StoredEntity> Entities,
    IReadOnlyList<StoredFigure> Figures,
    IReadOnlyList<string> Topics,
    IReadOnlyList<StoredEvent> Events,
    IReadOnlyList<Highlight> Highlights);

/// <summary>What a batch write did.</summary>
public sealed record WriteResult(int Added, int Revised, int Unchanged);

/// <summary>A page of results with the total count.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long Total, int Offset, int Limit);

/// <summary>
/// Full-text search with facets; every filter is optional. Results come newest first, or by relevance (BM25)
/// when <see cref="Relevance"/> is set — slower on large stores, as every match is scored.
/// </summary>
public sealed record SearchQuery(string? Text, string? Site = null, string? Country = null, string? Person = null, string? EventType = null,
    string? From = null, string? To = null, int Offset = 0, int Limit = 20, bool Relevance = false);

/// <summary>
/// One search hit: <see cref="Snippet"/> is plain text (a window of the document around the first match) and
/// <see cref="Marks"/> the query words found in it, as [start, end) character offsets into the snippet.
/// </summary>
public sealed record SearchHit(string Id, string? Title, string? Site, string? Published, string? Url, string Snippet, IReadOnlyList<SnippetMark> Marks);

/// <summary>A matched word in a search snippet: [<see cref="Start"/>, <see cref="End"/>) in UTF-16 characters, as every offset in the API.</summary>
public readonly record struct SnippetMark(int Start, int End);

/// <summary>A facet value and how many matching documents have it.</summary>
public sealed record FacetValue(string Value, long Count);

/// <summary>
/// Search results: a page of hits and facets. Backends may bound the work per query: the total may be a lower
/// bound (<see cref="TotalIsLowerBound"/>) and facets may count a sample of the first matches (SQLite: 10,000 and 500).
/// </summary>
public sealed record SearchResult(Page<SearchHit> Hits, IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets)
{
    /// <summary>True when there are more matches than <see cref="Page{T}.Total"/> says.</summary>
    public bool TotalIsLowerBound { get; init; }
}

/// <summary>Events by actor, recipient (or either side of a dyad), type and date range.</summary>
public sealed record EventQuery(string? Actor = null, string? Recipient = null, string? Type = null, string? From = null, string? To = null,
    bool Dyad = false, bool IncludeNegated = false, int Offset = 0, int Limit = 50);

/// <summary>An event as stored, with its document and story.</summary>
public sealed record EventRow(string DocumentId, string? DocumentTitle, string? Site, string? Url, string? Published, string Story, StoredEvent Event);

/// <summary>Figures by meaning ("trade", "investment") and by the countries of the documents that cite them.</summary>
public sealed record FigureQuery(string? About = null, string? Country = null, string? OtherCountry = null, int Offset = 0, int Limit = 100);

/// <summary>A figure with its document.</summary>
public sealed record FigureRow(string DocumentId, string? DocumentTitle, string? Site, string? Url, string? Published, StoredFigure Figure);

/// <summary>An office held by a person over a period (open-ended when <see cref="To"/> is null).</summary>
public sealed record Office(string Role, string? Country, string? From, string? To, string Source);

/// <summary>What the store knows of an actor: offices over time and the documents naming them.</summary>
public sealed record ActorProfile(string Name, IReadOnlyList<Office> Offices, long Documents, IReadOnlyList<EventRow> Events);
