namespace Communique.Storage;

/// <summary>
/// The store contract. Every backend (the embedded SQLite default, PostgreSQL later) passes the same conformance
/// tests. Writes are idempotent — writing a document already stored changes nothing; the same URL with new
/// text becomes a new revision — and each batch commits in one transaction.
/// </summary>
public interface IStore : IAsyncDisposable
{
    /// <summary>Creates or upgrades the schema; safe to call on every start.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Writes a batch in one transaction.</summary>
    Task<WriteResult> WriteAsync(IReadOnlyList<StoredDocument> batch, CancellationToken cancellationToken);

    /// <summary>
    /// Optional work for a document that is about to be written (compression, serialisation), done ahead on any
    /// thread so that <see cref="WriteAsync"/> holds the write path for the database alone. Thread-safe; a backend
    /// with nothing to prepare does nothing, and a document written without it is prepared then.
    /// </summary>
    void Prepare(StoredDocument document)
    {
    }

    /// <summary>
    /// Maintenance after a large load (the embedded store merges its full-text index, which makes searches of
    /// common words faster); a backend with nothing to do returns at once.
    /// </summary>
    Task OptimizeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A document by id, or null.</summary>
    Task<StoredDocument?> GetDocumentAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every current document's DESIGN §3 record, in the order stored (for exports), streamed.</summary>
    IAsyncEnumerable<string> DocumentRecordsAsync(CancellationToken cancellationToken);

    /// <summary>Number of documents (current revisions).</summary>
    Task<long> CountDocumentsAsync(CancellationToken cancellationToken);

    /// <summary>Full-text search with snippets and facets (site, country, person, event type, year).</summary>
    Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken cancellationToken);

    /// <summary>Events by actor, recipient, dyad, type and date range, newest first.</summary>
    Task<Page<EventRow>> EventsAsync(EventQuery query, CancellationToken cancellationToken);

    /// <summary>Figures by meaning and country, oldest first.</summary>
    Task<Page<FigureRow>> FiguresAsync(FigureQuery query, CancellationToken cancellationToken);

    /// <summary>Topics of the documents in which both countries take part in an event, with counts.</summary>
    Task<IReadOnlyList<FacetValue>> SharedTopicsAsync(string a, string b, CancellationToken cancellationToken);

    /// <summary>Forums and organisations named in documents with events between both countries, with counts.</summary>
    Task<IReadOnlyList<FacetValue>> SharedFormatsAsync(string a, string b, CancellationToken cancellationToken);

    /// <summary>An actor (a person's name) with offices over time, or null when unknown.</summary>
    Task<ActorProfile?> ActorAsync(string name, CancellationToken cancellationToken);

    /// <summary>Adds or corrects offices in the actor knowledge base (seeding from the office-holder table, user edits), in one transaction.</summary>
    Task PutOfficesAsync(IReadOnlyList<(string Name, Office Office)> offices, CancellationToken cancellationToken);
}
