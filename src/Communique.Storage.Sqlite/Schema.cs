namespace Communique.Storage.Sqlite;

/// <summary>Schema migrations, applied in order; the version reached is kept in <c>PRAGMA user_version</c>.</summary>
internal static class Schema
{
    public static readonly string[] Migrations =
    [
        // 1: documents (row ids ordered by publication day; JSON record and highlights Brotli-compressed) with revisions, the extracted layers, events with stories, the actor knowledge base, full-text search.
        """
        CREATE TABLE documents(
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            url TEXT,
            site TEXT,
            title TEXT,
            published TEXT,
            text TEXT NOT NULL,
            json BLOB NOT NULL,
            highlights BLOB NOT NULL,
            revision INTEGER NOT NULL DEFAULT 1,
            ingested_at TEXT NOT NULL);
        CREATE UNIQUE INDEX documents_url ON documents(url) WHERE url IS NOT NULL;
        CREATE INDEX documents_site ON documents(site);
        CREATE TABLE revisions(
            url TEXT NOT NULL,
            revision INTEGER NOT NULL,
            document_id TEXT NOT NULL,
            replaced_at TEXT NOT NULL,
            json BLOB NOT NULL,
            PRIMARY KEY(url, revision));
        CREATE TABLE people(doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE, name TEXT NOT NULL, role TEXT, country TEXT, sector TEXT);
        CREATE INDEX people_doc ON people(doc);
        CREATE INDEX people_name ON people(name);
        CREATE TABLE entities(doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE, type TEXT NOT NULL, name TEXT NOT NULL, code TEXT);
        CREATE INDEX entities_doc ON entities(doc);
        CREATE INDEX entities_code ON entities(code, type);
        -- Sentences and evidence are offsets into documents.text.
        CREATE TABLE figures(doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE, kind TEXT NOT NULL, value TEXT NOT NULL,
            unit TEXT, qualifier TEXT, about TEXT, text TEXT NOT NULL, s_start INTEGER NOT NULL, s_end INTEGER NOT NULL);
        CREATE INDEX figures_doc ON figures(doc);
        CREATE TABLE topics(doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE, topic TEXT NOT NULL);
        CREATE INDEX topics_doc ON topics(doc);
        CREATE TABLE events(
            rowid INTEGER PRIMARY KEY,
            doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            story TEXT NOT NULL,
            type TEXT NOT NULL,
            mode TEXT,
            cameo TEXT NOT NULL,
            actors TEXT NOT NULL,
            actor_codes TEXT NOT NULL,
            recipients TEXT NOT NULL,
            recipient_codes TEXT NOT NULL,
            date TEXT,
            historical INTEGER NOT NULL,
            future INTEGER NOT NULL,
            negated INTEGER NOT NULL,
            evidence TEXT NOT NULL);
        CREATE INDEX events_doc ON events(doc);
        CREATE INDEX events_date ON events(date);
        CREATE TABLE event_sides(event INTEGER NOT NULL REFERENCES events(rowid) ON DELETE CASCADE, side TEXT NOT NULL, country TEXT NOT NULL);
        CREATE INDEX event_sides_country ON event_sides(country, side);
        CREATE INDEX event_sides_event ON event_sides(event);
        -- Offices: seeded terms (from_date set), user edits, and terms learned from dated releases (source 'releases',
        -- from_date '' as key, first_seen/to_date widened as releases arrive).
        CREATE TABLE offices(name TEXT NOT NULL, role TEXT NOT NULL, country TEXT NOT NULL DEFAULT '', from_date TEXT NOT NULL DEFAULT '',
            to_date TEXT, first_seen TEXT, source TEXT NOT NULL,
            PRIMARY KEY(name, role, country, source, from_date));
        CREATE INDEX offices_name ON offices(name);
        CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content = 'documents', content_rowid = 'rowid', tokenize = 'porter unicode61 remove_diacritics 2');
        """,

        // 2: one narrow row per document with what the search facets count (site, year, countries, people, event
        // types), so facets over a sample read a few hundred small rows; filled from the tables of version 1.
        """
        CREATE TABLE doc_facets(
            doc INTEGER PRIMARY KEY REFERENCES documents(rowid) ON DELETE CASCADE,
            site TEXT,
            year TEXT,
            countries TEXT NOT NULL,
            people TEXT NOT NULL,
            types TEXT NOT NULL);
        INSERT INTO doc_facets(doc, site, year, countries, people, types)
        SELECT d.rowid, d.site, substr(d.published, 1, 4),
            coalesce((SELECT group_concat(code, char(31)) FROM (SELECT DISTINCT code FROM entities e WHERE e.doc = d.rowid AND e.type = 'COUNTRY' AND e.code IS NOT NULL)), ''),
            coalesce((SELECT group_concat(name, char(31)) FROM (SELECT DISTINCT name FROM people p WHERE p.doc = d.rowid)), ''),
            coalesce((SELECT group_concat(type, char(31)) FROM (SELECT DISTINCT type FROM events v WHERE v.doc = d.rowid AND v.negated = 0)), '')
        FROM documents d;
        """,

        // 3: the layer tables clustered by document (WITHOUT ROWID, primary key (doc, idx)) and event sides by event,
        // so a row is one b-tree insert instead of two (the separate doc/event indexes go); rows keep their order.
        """
        CREATE TABLE people_v3(doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE, idx INTEGER NOT NULL,
            name TEXT NOT NULL, role TEXT, country TEXT, sector TEXT, PRIMARY KEY(doc, idx)) WITHOUT ROWID;
        INSERT INTO people_v3 SELECT doc, rowid, name, role, country, sector FROM people;
        DROP TABLE people;
        ALTER TABLE people_v3 RENAME TO people;
        CREATE INDEX people_name ON people(name);
        CREATE TABLE entities_v3(doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE, idx INTEGER NOT NULL,
            type TEXT NOT NULL, name TEXT NOT NULL, code TEXT, PRIMARY KEY(doc, idx)) WITHOUT ROWID;
        INSERT INTO entities_v3 SELECT doc, rowid, type, name, code FROM entities;
        DROP TABLE entities;
        ALTER TABLE entities_v3 RENAME TO entities;
        CREATE INDEX entities_code ON entities(code, type);
        CREATE TABLE figures_v3(doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE, idx INTEGER NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL,
            unit TEXT, qualifier TEXT, about TEXT, text TEXT NOT NULL, s_start INTEGER NOT NULL, s_end INTEGER NOT NULL, PRIMARY KEY(doc, idx)) WITHOUT ROWID;
        INSERT INTO figures_v3 SELECT doc, rowid, kind, value, unit, qualifier, about, text, s_start, s_end FROM figures;
        DROP TABLE figures;
        ALTER TABLE figures_v3 RENAME TO figures;
        CREATE TABLE topics_v3(doc INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE, idx INTEGER NOT NULL, topic TEXT NOT NULL,
            PRIMARY KEY(doc, idx)) WITHOUT ROWID;
        INSERT INTO topics_v3 SELECT doc, rowid, topic FROM topics;
        DROP TABLE topics;
        ALTER TABLE topics_v3 RENAME TO topics;
        CREATE TABLE event_sides_v3(event INTEGER NOT NULL REFERENCES events(rowid) ON DELETE CASCADE, side TEXT NOT NULL, country TEXT NOT NULL,
            PRIMARY KEY(event, side, country)) WITHOUT ROWID;
        INSERT OR IGNORE INTO event_sides_v3 SELECT event, side, country FROM event_sides;
        DROP TABLE event_sides;
        ALTER TABLE event_sides_v3 RENAME TO event_sides;
        CREATE INDEX event_sides_country ON event_sides(country, side);
        """,

        // 4: newest first in ascending row-id order (row id = −(day × 2^24 + sequence)), the direction FTS5 walks
        // fastest, and a full-text index without word positions (detail=column): searches are words, never
        // phrases, and the index is smaller. Children follow their document's new row id; foreign keys are
        // checked at commit, when both sides have moved.
        """
        PRAGMA defer_foreign_keys = ON;
        UPDATE documents SET rowid = -rowid WHERE rowid > 0;
        UPDATE people SET doc = -doc WHERE doc > 0;
        UPDATE entities SET doc = -doc WHERE doc > 0;
        UPDATE figures SET doc = -doc WHERE doc > 0;
        UPDATE topics SET doc = -doc WHERE doc > 0;
        UPDATE events SET doc = -doc WHERE doc > 0;
        UPDATE doc_facets SET doc = -doc WHERE doc > 0;
        DROP TABLE documents_fts;
        CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content = 'documents', content_rowid = 'rowid',
            tokenize = 'porter unicode61 remove_diacritics 2', detail = column);
        INSERT INTO documents_fts(documents_fts) VALUES('rebuild');
        """,

        // 5: why each event was coded: its trigger words (offsets) and the reasons in plain words, as JSON
        // {"t": [[start, end], …], "w": ["…", …]}; NULL for events stored before this version.
        """
        ALTER TABLE events ADD COLUMN why TEXT;
        """,
    ];
}
