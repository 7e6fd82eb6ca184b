using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Communique.Storage.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file in WAL mode (readers never block the writer), FTS5 for search,
/// migrations in <see cref="Schema"/>. Each batch is one transaction, so a process killed at any moment leaves
/// every committed batch intact and nothing half-written.
/// </summary>
public sealed class SqliteStore : IStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);

    // Documents prepared ahead of their write (IStore.Prepare), dropped once written or collected with the document.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<StoredDocument, PreparedDocument> _prepared = new();

    /// <summary>Opens (or creates) the store in <paramref name="path"/>.</summary>
    public SqliteStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var version = Convert.ToInt32(await ScalarAsync(connection, "PRAGMA user_version;", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (version > 0 && version < Schema.Migrations.Length)
        {
            // Migrating a store that holds data rewrites most of the file in one transaction. In WAL mode every page
            // read then searches a log as large as the store (hours for a million documents), so the migration runs
            // with a rollback journal and a large page cache, and the store returns to WAL after it.
            await ExecuteAsync(connection, "PRAGMA journal_mode=DELETE; PRAGMA cache_size=-1048576;", cancellationToken).ConfigureAwait(false);
        }

        for (var v = version; v < Schema.Migrations.Length; v++)
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, Schema.Migrations[v], cancellationToken, tx).ConfigureAwait(false);
            await ExecuteAsync(connection, $"PRAGMA user_version = {v + 1};", cancellationToken, tx).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL; PRAGMA cache_size=-65536;", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task OptimizeAsync(CancellationToken cancellationToken)
    {
        // Merges the full-text index's segments into one (about 14 s for a million documents on 2 cores).
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "INSERT INTO documents_fts(documents_fts) VALUES('optimize');", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <inheritdoc />
    public void Prepare(StoredDocument document) => _prepared.AddOrUpdate(document ?? throw new ArgumentNullException(nameof(document)), PreparedDocument.Of(document));

    /// <inheritdoc />
    public async Task<WriteResult> WriteAsync(IReadOnlyList<StoredDocument> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int added = 0, revised = 0, unchanged = 0;

        // What needs no database (compression, serialisation, story keys) is done on all cores before the single
        // writer's turn, so that the transaction holds the write lock for SQLite's own work only.
        var prepared = new PreparedDocument[batch.Count];
        Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            prepared[i] = _prepared.TryGetValue(batch[i], out var ahead) ? ahead : PreparedDocument.Of(batch[i]));
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            // The writer deletes a replaced revision's rows itself (BatchWriter's delete), so it skips the foreign-key
            // check on each of the ~30 rows a document adds; every other connection keeps them on.
            // It also checkpoints the write-ahead log every 32 MB rather than every 4 MB (pages written again
            // within that window are copied back once), and truncates the log back to 64 MB after a checkpoint.
            await ExecuteAsync(connection, "PRAGMA foreign_keys = OFF; PRAGMA wal_autocheckpoint = 8192; PRAGMA journal_size_limit = 67108864;", cancellationToken).ConfigureAwait(false);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            using var writer = new BatchWriter(connection, tx);
            var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
            foreach (var doc in prepared)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (writer.Write(doc, now))
                {
                    case 0:
                        unchanged++;
                        break;
                    case 1:
                        added++;
                        break;
                    default:
                        revised++;
                        break;
                }
            }

            writer.FlushOffices();
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var doc in batch)
            {
                _prepared.Remove(doc);
            }
        }
        finally
        {
            _writer.Release();
        }

        return new WriteResult(added, revised, unchanged);
    }

    /// <summary>
    /// A document's row id orders documents newest first: −(day number × 2^24 + a sequence within the day), so
    /// full-text matches stream newest first from the index in ascending row-id order, the direction FTS5 walks
    /// fastest. This is the day's base before negation; the day's row ids run from −(base + 2^24 − 1) to −base.
    /// </summary>
    internal static long DayBase(string? published) =>
        (published is { Length: >= 10 } && DateOnly.TryParseExact(published[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? (long)day.DayNumber : 0L) << 24;

    /// <summary>One batch's prepared statements, reused for every document of the batch.</summary>
    private sealed class BatchWriter : IDisposable
    {
        private readonly SqliteCommand _exists, _byUrl, _revision, _delete, _nextRow, _document, _fts, _person, _entity, _figure, _topic, _event, _side, _office, _facets;
        private readonly Dictionary<(string Name, string Role, string Country), (string First, string Last)> _offices = [];
        private readonly List<SqliteCommand> _all = [];

        public BatchWriter(SqliteConnection connection, SqliteTransaction tx)
        {
            SqliteCommand Prepare(string sql, params string[] parameters)
            {
                var cmd = connection.CreateCommand();
                cmd.CommandText = sql;
                cmd.Transaction = tx;
                foreach (var p in parameters)
                {
                    cmd.Parameters.Add(new SqliteParameter(p, null));
                }

                _all.Add(cmd);
                return cmd;
            }

            _exists = Prepare("SELECT 1 FROM documents WHERE id = $id", "$id");
            _byUrl = Prepare("SELECT rowid, id, revision, json FROM documents WHERE url = $url", "$url");
            _revision = Prepare("INSERT OR REPLACE INTO revisions(url, revision, document_id, replaced_at, json) VALUES ($url, $rev, $id, $at, $json)", "$url", "$rev", "$id", "$at", "$json");
            // The full-text index reads its text from the documents table (external content): an entry is removed with
            // the text it was built from, before the row goes. Titles are stored as '' when absent, as indexed.
            _delete = Prepare(
                "INSERT INTO documents_fts(documents_fts, rowid, title, text) SELECT 'delete', rowid, title, text FROM documents WHERE rowid = $r; "
                + "DELETE FROM event_sides WHERE event IN (SELECT rowid FROM events WHERE doc = $r); DELETE FROM events WHERE doc = $r; "
                + "DELETE FROM people WHERE doc = $r; DELETE FROM entities WHERE doc = $r; DELETE FROM figures WHERE doc = $r; "
                + "DELETE FROM topics WHERE doc = $r; DELETE FROM doc_facets WHERE doc = $r; "
                + "DELETE FROM documents WHERE rowid = $r", "$r");
            _nextRow = Prepare("SELECT coalesce(min(rowid) - 1, $hi) FROM documents WHERE rowid BETWEEN $lo AND $hi", "$lo", "$hi");
            _document = Prepare(
                """
                INSERT INTO documents(rowid, id, url, site, title, published, text, json, highlights, revision, ingested_at)
                VALUES ($row, $id, $url, $site, $title, $published, $text, $json, $highlights, $revision, $now)
                """, "$row", "$id", "$url", "$site", "$title", "$published", "$text", "$json", "$highlights", "$revision", "$now");
            _fts = Prepare("INSERT INTO documents_fts(rowid, title, text) VALUES ($r, $title, $text)", "$r", "$title", "$text");
            // A document's rows of each layer go in with one statement, from a JSON array built off the write lock.
            _person = Prepare("INSERT INTO people(doc, idx, name, role, country, sector) SELECT $d, key, value->>0, value->>1, value->>2, value->>3 FROM json_each($rows)", "$d", "$rows");
            _entity = Prepare("INSERT INTO entities(doc, idx, type, name, code) SELECT $d, key, value->>0, value->>1, value->>2 FROM json_each($rows)", "$d", "$rows");
            _figure = Prepare(
                "INSERT INTO figures(doc, idx, kind, value, unit, qualifier, about, text, s_start, s_end) "
                + "SELECT $d, key, value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7 FROM json_each($rows)", "$d", "$rows");
            _topic = Prepare("INSERT INTO topics(doc, idx, topic) SELECT $d, key, value->>0 FROM json_each($rows)", "$d", "$rows");
            // Events too, and then their sides, joined to the event rows just written by (doc, idx).
            _event = Prepare(
                """
                INSERT INTO events(doc, idx, story, type, mode, cameo, actors, actor_codes, recipients, recipient_codes, date, historical, future, negated, evidence, why)
                SELECT $d, key, value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10, value->>11,
                    value->>12, value->>13 FROM json_each($rows)
                """, "$d", "$rows");
            _side = Prepare(
                """
                INSERT OR IGNORE INTO event_sides(event, side, country)
                SELECT e.rowid, j.value->>1, j.value->>2 FROM json_each($rows) j JOIN events e ON e.doc = $d AND e.idx = j.value->>0
                """, "$d", "$rows");
            _facets = Prepare("INSERT INTO doc_facets(doc, site, year, countries, people, types) VALUES ($d, $s, $y, $c, $p, $t)", "$d", "$s", "$y", "$c", "$p", "$t");
            _office = Prepare(
                """
                INSERT INTO offices(name, role, country, from_date, to_date, first_seen, source) VALUES ($n, $r, $c, '', $t, $f, 'releases')
                ON CONFLICT(name, role, country, source, from_date) DO UPDATE SET
                    first_seen = min(first_seen, excluded.first_seen), to_date = max(to_date, excluded.to_date)
                """, "$n", "$r", "$c", "$f", "$t");
        }

        /// <summary>Writes one document: 0 when already stored, 1 when new, 2 when a new revision of its URL.</summary>
        public int Write(PreparedDocument prepared, string now)
        {
            var doc = prepared.Document;
            if (Run(_exists, doc.Id) is not null)
            {
                return 0;
            }

            var revision = 1;
            if (doc.Url is not null)
            {
                Set(_byUrl, doc.Url);
                long oldRow = 0;
                string? oldId = null;
                byte[]? oldJson = null;
                var oldRevision = 0;
                using (var reader = _byUrl.ExecuteReader())
                {
                    if (reader.Read())
                    {
                        (oldRow, oldId, oldRevision, oldJson) = (reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), (byte[])reader[3]);
                    }
                }

                if (oldId is not null)
                {
                    Exec(_revision, doc.Url, oldRevision, oldId, now, oldJson);
                    Exec(_delete, oldRow);
                    revision = oldRevision + 1;
                }
            }

            var day = DayBase(doc.Published);
            var row = (long)Run(_nextRow, -(day + (1L << 24) - 1), -day)!;
            Exec(_document, row, doc.Id, doc.Url, doc.Site, doc.Title ?? string.Empty, doc.Published, doc.Text, prepared.Record, prepared.Highlights, revision, now);
            Exec(_fts, row, doc.Title ?? string.Empty, doc.Text);
            Exec(_facets, row, doc.Site, doc.Published is { Length: >= 4 } p4 ? p4[..4] : null, prepared.Countries, prepared.People, prepared.Types);
            if (prepared.PeopleRows is { } people)
            {
                Exec(_person, row, people);
            }

            if (prepared.EntityRows is { } entities)
            {
                Exec(_entity, row, entities);
            }

            if (prepared.FigureRows is { } figures)
            {
                Exec(_figure, row, figures);
            }

            if (prepared.TopicRows is { } topics)
            {
                Exec(_topic, row, topics);
            }

            foreach (var p in doc.People)
            {
                if (p.Role is not null && doc.Published is not null)
                {
                    // The actor knowledge base learns offices from dated releases; written once per batch.
                    var key = (p.Name, p.Role, p.Country ?? string.Empty);
                    _offices[key] = _offices.TryGetValue(key, out var seen)
                        ? (string.CompareOrdinal(doc.Published, seen.First) < 0 ? doc.Published : seen.First, string.CompareOrdinal(doc.Published, seen.Last) > 0 ? doc.Published : seen.Last)
                        : (doc.Published, doc.Published);
                }
            }

            if (prepared.EventRows is { } events)
            {
                Exec(_event, row, events);
            }

            if (prepared.SideRows is { } sides)
            {
                Exec(_side, row, sides);
            }

            return revision > 1 ? 2 : 1;
        }

        public void FlushOffices()
        {
            foreach (var ((name, role, country), (first, last)) in _offices)
            {
                Exec(_office, name, role, country, first, last);
            }

            _offices.Clear();
        }

        public void Dispose()
        {
            foreach (var cmd in _all)
            {
                cmd.Dispose();
            }
        }

        private static void Set(SqliteCommand cmd, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                cmd.Parameters[i].Value = ToDb(values[i]);
            }
        }

        private static void Exec(SqliteCommand cmd, params object?[] values)
        {
            Set(cmd, values);
            cmd.ExecuteNonQuery();
        }

        private static object? Run(SqliteCommand cmd, params object?[] values)
        {
            Set(cmd, values);
            var value = cmd.ExecuteScalar();
            return value is DBNull ? null : value;
        }
    }

    /// <summary>A document with the values the writer derives from it computed ahead, off the write lock.</summary>
    private sealed record PreparedDocument(StoredDocument Document, byte[] Record, byte[] Highlights, string Countries, string People, string Types)
    {
        public string? PeopleRows { get; private init; }

        public string? EntityRows { get; private init; }

        public string? FigureRows { get; private init; }

        public string? TopicRows { get; private init; }

        /// <summary>One array per event: story, type, mode, CAMEO, sides and their codes, date, flags (0/1), evidence offsets, reasons.</summary>
        public string? EventRows { get; private init; }

        /// <summary>One array per side of an event: [event index, "a" or "r", country].</summary>
        public string? SideRows { get; private init; }

        public static PreparedDocument Of(StoredDocument doc)
        {
            const char unit = '\u001f';
            return new PreparedDocument(doc, Compress(doc.Json), Compress(JsonSerializer.Serialize(doc.Highlights, Json)),
                string.Join(unit, doc.Entities.Where(e => e.Type == "COUNTRY" && e.Code is not null).Select(e => e.Code).Distinct()),
                string.Join(unit, doc.People.Select(p => p.Name).Distinct()),
                string.Join(unit, doc.Events.Where(e => !e.Negated).Select(e => e.Type).Distinct()))
            {
                PeopleRows = Rows(doc.People, (w, p) => Strings(w, p.Name, p.Role, p.Country, p.Sector)),
                EntityRows = Rows(doc.Entities, (w, e) => Strings(w, e.Type, e.Name, e.Code)),
                FigureRows = Rows(doc.Figures, (w, f) =>
                {
                    Strings(w, f.Kind, f.Value.ToString(CultureInfo.InvariantCulture), f.Unit, f.Qualifier, f.About, f.Text);
                    w.WriteNumberValue(f.Sentence.Start);
                    w.WriteNumberValue(f.Sentence.End);
                }),
                TopicRows = Rows(doc.Topics, (w, t) => w.WriteStringValue(t)),
                EventRows = Rows(doc.Events, (w, e) =>
                {
                    Strings(w, Story(e.StoryKey(doc.Published)), e.Type, e.Mode, e.Cameo, string.Join('+', e.Actors), string.Join('+', e.ActorCodes),
                        string.Join('+', e.Recipients), string.Join('+', e.RecipientCodes), e.Date ?? doc.Published);
                    w.WriteNumberValue(e.Historical ? 1 : 0);
                    w.WriteNumberValue(e.Future ? 1 : 0);
                    w.WriteNumberValue(e.Negated ? 1 : 0);
                    Strings(w, Offsets(e.Evidence), Why(e));
                }),
                SideRows = Rows([.. doc.Events.SelectMany((e, i) => e.Actors.Select(c => (i, Side: "a", c)).Concat(e.Recipients.Select(c => (i, Side: "r", c))))], (w, s) =>
                {
                    w.WriteNumberValue(s.i);
                    Strings(w, s.Side, s.c);
                }),
            };
        }

        // Text other than JSON's own escapes is written as it is: SQLite reads it back unchanged, and it is faster.
        private static readonly JsonWriterOptions RowsWriter = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        /// <summary>The events.why column: {"t": [[start, end], …], "w": ["…", …]}, or null when there is nothing to say.</summary>
        private static string? Why(StoredEvent e)
        {
            if (e.Triggers.Count == 0 && e.Why.Count == 0)
            {
                return null;
            }

            var buffer = new ArrayBufferWriter<byte>(512);
            using (var writer = new Utf8JsonWriter(buffer, RowsWriter))
            {
                writer.WriteStartObject();
                writer.WritePropertyName("t");
                writer.WriteRawValue(Offsets(e.Triggers));
                writer.WriteStartArray("w");
                foreach (var reason in e.Why)
                {
                    writer.WriteStringValue(reason);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        /// <summary>A JSON array with one array per item (null when there are none), for <c>json_each</c>.</summary>
        private static string? Rows<T>(IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write)
        {
            if (items.Count == 0)
            {
                return null;
            }

            var buffer = new ArrayBufferWriter<byte>(256 * items.Count);
            using (var writer = new Utf8JsonWriter(buffer, RowsWriter))
            {
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    writer.WriteStartArray();
                    write(writer, item);
                    writer.WriteEndArray();
                }

                writer.WriteEndArray();
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        private static void Strings(Utf8JsonWriter writer, params ReadOnlySpan<string?> values)
        {
            foreach (var value in values)
            {
                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteStringValue(value);
                }
            }
        }
    }

    private sealed record EventWhy(int[][] T, string[] W);

    /// <summary>The JSON record and highlights are kept Brotli-compressed (about a fifth of their size).</summary>
    internal static byte[] Compress(string text)
    {
        var input = Encoding.UTF8.GetBytes(text);
        var output = new byte[BrotliEncoder.GetMaxCompressedLength(input.Length)];
        return BrotliEncoder.TryCompress(input, output, out var written, quality: 1, window: 16) ? output[..written] : throw new InvalidOperationException("Brotli compression failed.");
    }

    internal static string Decompress(byte[] data)
    {
        using var input = new MemoryStream(data);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(brotli, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string Story(string key) => Communique.Core.Document.IdOf(key);

    /// <inheritdoc />
    public async Task<StoredDocument?> GetDocumentAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        long row;
        string? url, site, title, published;
        string text, json, highlights;
        await using (var cmd = Command(connection, "SELECT rowid, url, site, title, published, text, json, highlights FROM documents WHERE id = $id", null, ("$id", id)))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            row = reader.GetInt64(0);
            (url, site, title, published) = (Str(reader, 1), Str(reader, 2), Str(reader, 3) is { Length: > 0 } t ? t : null, Str(reader, 4));
            (text, json, highlights) = (reader.GetString(5), Decompress((byte[])reader[6]), Decompress((byte[])reader[7]));
        }

        var people = await ListAsync(connection, "SELECT name, role, country, sector FROM people WHERE doc = $d ORDER BY idx", r => new StoredPerson(r.GetString(0), Str(r, 1), Str(r, 2), Str(r, 3)), cancellationToken, ("$d", row)).ConfigureAwait(false);
        var entities = await ListAsync(connection, "SELECT type, name, code FROM entities WHERE doc = $d ORDER BY idx", r => new StoredEntity(r.GetString(0), r.GetString(1), Str(r, 2)), cancellationToken, ("$d", row)).ConfigureAwait(false);
        var figures = await ListAsync(connection, "SELECT kind, value, unit, qualifier, about, text, s_start, s_end FROM figures WHERE doc = $d ORDER BY idx", r => ReadFigure(r, 0, text), cancellationToken, ("$d", row)).ConfigureAwait(false);
        var topics = await ListAsync(connection, "SELECT topic FROM topics WHERE doc = $d ORDER BY idx", r => r.GetString(0), cancellationToken, ("$d", row)).ConfigureAwait(false);
        var events = await ListAsync(connection, $"SELECT {EventColumns} FROM events WHERE doc = $d ORDER BY idx", r => ReadEvent(r, 0, text), cancellationToken, ("$d", row)).ConfigureAwait(false);
        return new StoredDocument(id, url, site, title, published, text, json, people, entities, figures, topics, events,
            JsonSerializer.Deserialize<List<Highlight>>(highlights, Json) ?? []);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> DocumentRecordsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(connection, "SELECT json FROM documents ORDER BY rowid DESC", null); // oldest first
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Decompress((byte[])reader[0]);
        }
    }

    /// <inheritdoc />
    public async Task<long> CountDocumentsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return (long)(await ScalarAsync(connection, "SELECT count(*) FROM documents", cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Matches counted exactly up to this number; beyond it the total is a lower bound.</summary>
    public const int CountLimit = 1_000;

    /// <summary>Facets are computed over this many best (or newest) matches.</summary>
    public const int FacetSample = 200;

    /// <inheritdoc />
    public async Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var match = FtsQuery(query.Text);
        var where = new List<string>();
        var args = new List<(string, object?)>();
        if (match is not null)
        {
            where.Add("documents_fts MATCH $q");
            args.Add(("$q", match));
        }

        // Dates are row-id ranges: row ids order documents by publication day, newest (lowest) first.
        var lo = query.To is { Length: > 0 } ? -(DayBase(query.To) + (1L << 24) - 1) : long.MinValue;
        var hi = query.From is { Length: > 0 } ? -DayBase(query.From) : long.MaxValue;
        if (lo > long.MinValue)
        {
            hi = Math.Min(hi, -(1L << 24)); // a window of dates never holds undated documents (day 0, row ids −(2^24 − 1) to 0)
        }

        if (lo > long.MinValue || hi < long.MaxValue)
        {
            where.Add(match is null ? "d.rowid BETWEEN $lo AND $hi" : "documents_fts.rowid BETWEEN $lo AND $hi");
            args.Add(("$lo", lo));
            args.Add(("$hi", hi));
        }

        if (query.Site is { Length: > 0 })
        {
            where.Add("d.site = $site");
            args.Add(("$site", query.Site));
        }

        if (query.Country is { Length: > 0 })
        {
            where.Add("EXISTS (SELECT 1 FROM entities e WHERE e.doc = d.rowid AND e.code = $country AND e.type = 'COUNTRY')");
            args.Add(("$country", query.Country.ToUpperInvariant()));
        }

        if (query.Person is { Length: > 0 })
        {
            where.Add("EXISTS (SELECT 1 FROM people p WHERE p.doc = d.rowid AND p.name = $person)");
            args.Add(("$person", query.Person));
        }

        if (query.EventType is { Length: > 0 })
        {
            where.Add("EXISTS (SELECT 1 FROM events v WHERE v.doc = d.rowid AND v.type = $type AND v.negated = 0)");
            args.Add(("$type", query.EventType.ToUpperInvariant()));
        }

        var filter = where.Count == 0 ? "1" : string.Join(" AND ", where);
        var needsDocuments = query.Site is { Length: > 0 } || query.Country is { Length: > 0 } || query.Person is { Length: > 0 } || query.EventType is { Length: > 0 };
        var from = match is null ? "documents d" : needsDocuments ? "documents_fts JOIN documents d ON d.rowid = documents_fts.rowid" : "documents_fts";
        var rowid = match is null ? "d.rowid" : "documents_fts.rowid";
        var order = match is not null && query.Relevance ? "documents_fts.rank" : rowid;
        var limit = Math.Clamp(query.Limit, 1, 200);
        var offset = Math.Max(0, query.Offset);

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // One walk of the index gives the total (up to the count limit), the facet sample (the first matches in
        // the page's order) and the first pages. Row ids come from the index alone when no filter needs the
        // documents. A walk per purpose cost twice as much where two common words rarely meet.
        var rows = await ListAsync(connection, $"SELECT {rowid} FROM {from} WHERE {filter} ORDER BY {order} LIMIT {CountLimit + 1}",
            r => r.GetInt64(0), cancellationToken, [.. args]).ConfigureAwait(false);
        long counted = rows.Count;
        var sampleRows = rows.Count > FacetSample ? rows.GetRange(0, FacetSample) : rows;
        var pageRows = offset + limit <= rows.Count || rows.Count <= CountLimit
            ? [.. rows.Skip(offset).Take(limit)]
            : await ListAsync(connection, $"SELECT {rowid} FROM {from} WHERE {filter} ORDER BY {order} LIMIT $limit OFFSET $offset",
                r => r.GetInt64(0), cancellationToken, [.. args, ("$limit", limit), ("$offset", offset)]).ConfigureAwait(false);

        var hits = new List<SearchHit>(pageRows.Count);
        var terms = Terms(query.Text);
        await using (var hitCommand = Command(connection, "SELECT d.id, d.title, d.site, d.published, d.url, d.text FROM documents d WHERE d.rowid = $r", null, ("$r", 0L)))
        {
            foreach (var row in pageRows)
            {
                hitCommand.Parameters["$r"].Value = row;
                await using var reader = await hitCommand.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var snippet = Snippet(reader.GetString(5), terms);
                    hits.Add(new SearchHit(reader.GetString(0), Str(reader, 1) is { Length: > 0 } t ? t : null, Str(reader, 2), Str(reader, 3), Str(reader, 4), snippet.Text, snippet.Marks));
                }
            }
        }

        // Facets over the first matches in the same order, so their cost does not grow with the store.
        var counts = new Dictionary<string, Dictionary<string, long>>
        {
            ["site"] = new(StringComparer.Ordinal), ["country"] = new(StringComparer.Ordinal), ["person"] = new(StringComparer.Ordinal),
            ["type"] = new(StringComparer.Ordinal), ["year"] = new(StringComparer.Ordinal),
        };
        static void Add(Dictionary<string, long> facet, string? values)
        {
            if (string.IsNullOrEmpty(values))
            {
                return;
            }

            foreach (var v in values.Split('\u001f', StringSplitOptions.RemoveEmptyEntries))
            {
                facet[v] = facet.GetValueOrDefault(v) + 1;
            }
        }

        await ListAsync(connection, "SELECT site, year, countries, people, types FROM doc_facets WHERE doc IN (SELECT value FROM json_each($sample))", r =>
        {
            Add(counts["site"], Str(r, 0));
            Add(counts["year"], Str(r, 1));
            Add(counts["country"], r.GetString(2));
            Add(counts["person"], r.GetString(3));
            Add(counts["type"], r.GetString(4));
            return 0;
        }, cancellationToken, ("$sample", "[" + string.Join(',', sampleRows) + "]")).ConfigureAwait(false);
        var facets = counts.ToDictionary(c => c.Key, c => (IReadOnlyList<FacetValue>)[.. c.Value.OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal).Take(12).Select(x => new FacetValue(x.Key, x.Value))]);
        return new SearchResult(new Page<SearchHit>(hits, Math.Min(counted, CountLimit), offset, limit), facets) { TotalIsLowerBound = counted > CountLimit };
    }

    /// <summary>The words of a query, lower-case, for marking snippets.</summary>
    internal static string[] Terms(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : [.. Words(text).Select(w => w.ToLowerInvariant()).Distinct()];

    /// <summary>Runs of letters and digits: the words the index's tokenizer makes of a text ("Jae-in" is two).</summary>
    private static string[] Words(string text) =>
        new string([.. text.Select(c => char.IsLetterOrDigit(c) ? c : ' ')]).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// A window of about 200 characters around the first query word (matched by its stem-like prefix, as the
    /// index stems words), with the offsets of every query word in it.
    /// </summary>
    internal static (string Text, SnippetMark[] Marks) Snippet(string text, string[] terms)
    {
        static int Stem(string term) => term.Length <= 4 ? term.Length : Math.Max(4, term.Length - 3);
        bool Hit(int at, out int end)
        {
            end = at;
            if (at > 0 && char.IsLetterOrDigit(text[at - 1]))
            {
                return false;
            }

            foreach (var term in terms)
            {
                var n = Stem(term);
                if (at + n <= text.Length && text.AsSpan(at, n).Equals(term.AsSpan(0, n), StringComparison.OrdinalIgnoreCase))
                {
                    end = at + n;
                    while (end < text.Length && char.IsLetterOrDigit(text[end]))
                    {
                        end++;
                    }

                    return true;
                }
            }

            return false;
        }

        var first = -1;
        for (var i = 0; i < text.Length && terms.Length > 0; i++)
        {
            if (Hit(i, out _))
            {
                first = i;
                break;
            }
        }

        var from = first < 0 ? 0 : Math.Max(0, first - 80);
        while (from > 0 && !char.IsWhiteSpace(text[from - 1]))
        {
            from--;
        }

        var to = Math.Min(text.Length, from + 220);
        while (to < text.Length && !char.IsWhiteSpace(text[to]))
        {
            to++;
        }

        var builder = new StringBuilder(to - from + 2);
        var marks = new List<SnippetMark>();
        if (from > 0)
        {
            builder.Append('…');
        }

        for (var i = from; i < to;)
        {
            if (Hit(i, out var end) && end <= to)
            {
                marks.Add(new SnippetMark(builder.Length, builder.Length + end - i));
                builder.Append(text, i, end - i);
                i = end;
            }
            else
            {
                builder.Append(text[i]);
                i++;
            }
        }

        if (to < text.Length)
        {
            builder.Append('…');
        }

        return (builder.Replace('\n', ' ').ToString(), [.. marks]);
    }

    /// <summary>
    /// Turns what a user typed into an FTS5 query: each word quoted (so punctuation and operators in the input
    /// cannot break the query), all required; a trailing <c>*</c> keeps a prefix search. Null when there is no word.
    /// English function words ("and", "of", "the" …, <see cref="QueryStopWords"/>) are left out when the query has
    /// other words: nearly every document has them, so they narrow nothing, and walking their postings was most
    /// of the time of a slow query ("oil and gas", "Belt and Road Initiative"). A query of function words only keeps them.
    /// </summary>
    internal static string? FtsQuery(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var terms = new List<(string Term, bool Stop)>();
        foreach (var raw in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            // The index splits words where the tokenizer does ("Jae-in", "children's"), and keeps no positions, so the
            // parts are separate required words rather than a phrase; only letters and digits remain, nothing to escape.
            var prefix = raw.EndsWith('*');
            var parts = Words(raw);
            for (var i = 0; i < parts.Length; i++)
            {
                var word = parts[i];
                var isPrefix = prefix && i == parts.Length - 1;
                var stop = !isPrefix && (QueryStopWords.Contains(word) || (word.Length == 1 && parts.Length > 1)); // "children's" → "children"
                terms.Add(("\"" + word + "\"" + (isPrefix ? "*" : string.Empty), stop));
            }
        }

        var kept = terms.All(t => t.Stop) ? terms : terms.Where(t => !t.Stop).ToList();
        return kept.Count == 0 ? null : string.Join(' ', kept.Select(t => t.Term));
    }

    /// <summary>Function words left out of a search that has other words (articles, conjunctions, prepositions, forms of "be").</summary>
    internal static readonly System.Collections.Frozen.FrozenSet<string> QueryStopWords = System.Collections.Frozen.FrozenSet.ToFrozenSet(
        ["a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "with", "by", "from", "as", "into", "about", "over",
         "is", "are", "was", "were", "be", "been", "its", "it", "this", "that", "these", "those"], StringComparer.OrdinalIgnoreCase);

    private const string EventColumns = "type, mode, cameo, actors, actor_codes, recipients, recipient_codes, date, historical, future, negated, evidence, why";

    /// <inheritdoc />
    public async Task<Page<EventRow>> EventsAsync(EventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = new List<string>();
        var args = new List<(string, object?)>();
        if (query.Dyad && query.Actor is { Length: > 0 } a && query.Recipient is { Length: > 0 } b)
        {
            // Either direction, or both among the joint actors.
            where.Add("EXISTS (SELECT 1 FROM event_sides s WHERE s.event = v.rowid AND s.country = $a) AND EXISTS (SELECT 1 FROM event_sides s WHERE s.event = v.rowid AND s.country = $b)");
            args.Add(("$a", a.ToUpperInvariant()));
            args.Add(("$b", b.ToUpperInvariant()));
        }
        else
        {
            if (query.Actor is { Length: > 0 })
            {
                where.Add("EXISTS (SELECT 1 FROM event_sides s WHERE s.event = v.rowid AND s.side = 'a' AND s.country = $a)");
                args.Add(("$a", query.Actor.ToUpperInvariant()));
            }

            if (query.Recipient is { Length: > 0 })
            {
                where.Add("EXISTS (SELECT 1 FROM event_sides s WHERE s.event = v.rowid AND s.side = 'r' AND s.country = $b)");
                args.Add(("$b", query.Recipient.ToUpperInvariant()));
            }
        }

        if (query.Type is { Length: > 0 })
        {
            where.Add("v.type = $type");
            args.Add(("$type", query.Type.ToUpperInvariant()));
        }

        if (query.From is { Length: > 0 })
        {
            where.Add("v.date >= $from");
            args.Add(("$from", query.From));
        }

        if (query.To is { Length: > 0 })
        {
            where.Add("v.date <= $to || '~'");
            args.Add(("$to", query.To));
        }

        if (!query.IncludeNegated)
        {
            where.Add("v.negated = 0");
        }

        var filter = where.Count == 0 ? "1" : string.Join(" AND ", where);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var total = (long)(await ScalarAsync(connection, $"SELECT count(*) FROM events v WHERE {filter}", cancellationToken, null, [.. args]).ConfigureAwait(false))!;
        var limit = Math.Clamp(query.Limit, 1, 1000);
        var offset = Math.Max(0, query.Offset);
        var sql = $"""
            SELECT d.id, d.title, d.site, d.url, d.published, v.story, d.text, {string.Join(", ", EventColumns.Split(", ").Select(c => "v." + c))}
            FROM events v JOIN documents d ON d.rowid = v.doc WHERE {filter}
            ORDER BY v.date DESC, d.published DESC, v.idx LIMIT $limit OFFSET $offset
            """;
        var rows = await ListAsync(connection, sql, r => new EventRow(r.GetString(0), Str(r, 1), Str(r, 2), Str(r, 3), Str(r, 4), r.GetString(5), ReadEvent(r, 7, r.GetString(6))),
            cancellationToken, [.. args, ("$limit", limit), ("$offset", offset)]).ConfigureAwait(false);
        return new Page<EventRow>(rows, total, offset, limit);
    }

    /// <inheritdoc />
    public async Task<Page<FigureRow>> FiguresAsync(FigureQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = new List<string>();
        var args = new List<(string, object?)>();
        if (query.About is { Length: > 0 })
        {
            where.Add("f.about = $about");
            args.Add(("$about", query.About));
        }

        static string Involves(string p) =>
            $"(EXISTS (SELECT 1 FROM entities e WHERE e.doc = f.doc AND e.type = 'COUNTRY' AND e.code = {p}) OR EXISTS (SELECT 1 FROM events v JOIN event_sides s ON s.event = v.rowid WHERE v.doc = f.doc AND s.country = {p}))";
        if (query.Country is { Length: > 0 })
        {
            where.Add(Involves("$c"));
            args.Add(("$c", query.Country.ToUpperInvariant()));
        }

        if (query.OtherCountry is { Length: > 0 })
        {
            where.Add(Involves("$o"));
            args.Add(("$o", query.OtherCountry.ToUpperInvariant()));
        }

        var filter = where.Count == 0 ? "1" : string.Join(" AND ", where);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var total = (long)(await ScalarAsync(connection, $"SELECT count(*) FROM figures f WHERE {filter}", cancellationToken, null, [.. args]).ConfigureAwait(false))!;
        var limit = Math.Clamp(query.Limit, 1, 1000);
        var offset = Math.Max(0, query.Offset);
        var sql = $"""
            SELECT d.id, d.title, d.site, d.url, d.published, d.text, f.kind, f.value, f.unit, f.qualifier, f.about, f.text, f.s_start, f.s_end
            FROM figures f JOIN documents d ON d.rowid = f.doc WHERE {filter}
            ORDER BY d.published, f.doc, f.idx LIMIT $limit OFFSET $offset
            """;
        var rows = await ListAsync(connection, sql, r => new FigureRow(r.GetString(0), Str(r, 1), Str(r, 2), Str(r, 3), Str(r, 4), ReadFigure(r, 6, r.GetString(5))),
            cancellationToken, [.. args, ("$limit", limit), ("$offset", offset)]).ConfigureAwait(false);
        return new Page<FigureRow>(rows, total, offset, limit);
    }

    private const string DyadDocuments =
        """
        SELECT DISTINCT v.doc FROM events v
        WHERE v.negated = 0
          AND EXISTS (SELECT 1 FROM event_sides s WHERE s.event = v.rowid AND s.country = $a)
          AND EXISTS (SELECT 1 FROM event_sides s WHERE s.event = v.rowid AND s.country = $b)
        """;

    /// <inheritdoc />
    public async Task<IReadOnlyList<FacetValue>> SharedTopicsAsync(string a, string b, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ListAsync(connection, $"SELECT topic, count(DISTINCT doc) FROM topics WHERE doc IN ({DyadDocuments}) GROUP BY topic ORDER BY 2 DESC, 1 LIMIT 40",
            r => new FacetValue(r.GetString(0), r.GetInt64(1)), cancellationToken, ("$a", a.ToUpperInvariant()), ("$b", b.ToUpperInvariant())).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<FacetValue>> SharedFormatsAsync(string a, string b, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ListAsync(connection,
            $"SELECT name, count(DISTINCT doc) FROM entities WHERE type IN ('FORUM', 'ORG') AND doc IN ({DyadDocuments}) GROUP BY name ORDER BY 2 DESC, 1 LIMIT 40",
            r => new FacetValue(r.GetString(0), r.GetInt64(1)), cancellationToken, ("$a", a.ToUpperInvariant()), ("$b", b.ToUpperInvariant())).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ActorProfile?> ActorAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var offices = await ListAsync(connection,
            """
            SELECT role, nullif(country, ''), coalesce(nullif(from_date, ''), first_seen), to_date, source FROM offices WHERE name = $n
            ORDER BY coalesce(nullif(from_date, ''), first_seen), source
            """,
            r => new Office(r.GetString(0), Str(r, 1), Str(r, 2), Str(r, 3), r.GetString(4)), cancellationToken, ("$n", name)).ConfigureAwait(false);
        var documents = (long)(await ScalarAsync(connection, "SELECT count(DISTINCT doc) FROM people WHERE name = $n", cancellationToken, null, ("$n", name)).ConfigureAwait(false))!;
        if (offices.Count == 0 && documents == 0)
        {
            return null;
        }

        var sql = $"""
            SELECT d.id, d.title, d.site, d.url, d.published, v.story, d.text, {string.Join(", ", EventColumns.Split(", ").Select(c => "v." + c))}
            FROM events v JOIN documents d ON d.rowid = v.doc
            WHERE v.negated = 0 AND v.doc IN (SELECT doc FROM people WHERE name = $n)
              AND EXISTS (SELECT 1 FROM people p JOIN event_sides s ON s.country = p.country WHERE p.doc = v.doc AND p.name = $n AND s.event = v.rowid)
            ORDER BY v.date DESC LIMIT 200
            """;
        var events = await ListAsync(connection, sql, r => new EventRow(r.GetString(0), Str(r, 1), Str(r, 2), Str(r, 3), Str(r, 4), r.GetString(5), ReadEvent(r, 7, r.GetString(6))),
            cancellationToken, ("$n", name)).ConfigureAwait(false);
        return new ActorProfile(name, offices, documents, events);
    }

    /// <inheritdoc />
    public async Task PutOfficesAsync(IReadOnlyList<(string Name, Office Office)> offices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offices);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var cmd = Command(connection,
                """
                INSERT INTO offices(name, role, country, from_date, to_date, first_seen, source) VALUES ($n, $r, $c, $f, $t, NULL, $s)
                ON CONFLICT(name, role, country, source, from_date) DO UPDATE SET to_date = excluded.to_date
                """, tx);
            foreach (var (name, office) in offices)
            {
                Bind(cmd, ("$n", name), ("$r", office.Role), ("$c", office.Country ?? string.Empty), ("$f", office.From ?? string.Empty), ("$t", office.To), ("$s", office.Source));
                await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Moves the write-ahead log into the database file (for measuring its size, or before a copy).</summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a store's file with its write-ahead log and shared-memory files (pooled connections are closed first).</summary>
    public static void DeleteFiles(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>Runs SQLite's own integrity check; "ok" when the file is sound.</summary>
    public async Task<string> CheckIntegrityAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return (string)(await ScalarAsync(connection, "PRAGMA integrity_check;", cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _writer.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000; PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824; PRAGMA temp_store = MEMORY;", cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Evidence is stored as offsets into the document's text (<c>[[start,end],…]</c>), not as a second copy.</summary>
    private static string Offsets(IReadOnlyList<TextRange> ranges) =>
        "[" + string.Join(',', ranges.Select(r => string.Create(CultureInfo.InvariantCulture, $"[{r.Start},{r.End}]"))) + "]";

    private static TextRange Slice(string text, int start, int end)
    {
        start = Math.Clamp(start, 0, text.Length);
        end = Math.Clamp(end, start, text.Length);
        return new TextRange(start, end, text[start..end]);
    }

    private static StoredFigure ReadFigure(SqliteDataReader r, int o, string text) =>
        new(r.GetString(o), decimal.Parse(r.GetString(o + 1), CultureInfo.InvariantCulture), Str(r, o + 2), Str(r, o + 3), Str(r, o + 4), r.GetString(o + 5),
            Slice(text, r.GetInt32(o + 6), r.GetInt32(o + 7)));

    private static StoredEvent ReadEvent(SqliteDataReader r, int o, string text)
    {
        static string[] Split(string s) => s.Length == 0 ? [] : s.Split('+');
        TextRange[] Ranges(int[][]? offsets) => [.. (offsets ?? []).Where(x => x.Length == 2).Select(x => Slice(text, x[0], x[1]))];
        var stored = new StoredEvent(r.GetString(o), Str(r, o + 1), r.GetString(o + 2), Split(r.GetString(o + 3)), Split(r.GetString(o + 4)), Split(r.GetString(o + 5)),
            Split(r.GetString(o + 6)), Str(r, o + 7), r.GetInt64(o + 8) != 0, r.GetInt64(o + 9) != 0, r.GetInt64(o + 10) != 0,
            Ranges(JsonSerializer.Deserialize<int[][]>(r.GetString(o + 11))));
        if (Str(r, o + 12) is not { } column || JsonSerializer.Deserialize<EventWhy>(column, Json) is not { } why)
        {
            return stored;
        }

        return stored with
        {
            Triggers = Ranges(why.T),
            Why = why.W ?? [],
        };
    }

    private static string? Str(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? tx, params (string Name, object? Value)[] args)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        Bind(cmd, args);
        return cmd;
    }

    /// <summary>A value as SQLite stores it: null as NULL, booleans as 0/1.</summary>
    private static object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        bool b => b ? 1L : 0L,
        _ => value,
    };

    private static void Bind(SqliteCommand cmd, params (string Name, object? Value)[] args)
    {
        foreach (var (name, value) in args)
        {
            var v = ToDb(value);
            if (cmd.Parameters.Contains(name))
            {
                cmd.Parameters[name].Value = v;
            }
            else
            {
                cmd.Parameters.AddWithValue(name, v);
            }
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        await using var cmd = Command(connection, sql, tx, args);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        await using var cmd = Command(connection, sql, tx, args);
        var value = await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    private static async Task<List<T>> ListAsync<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] args)
    {
        await using var cmd = Command(connection, sql, null, args);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(read(reader));
        }

        return list;
    }
}
