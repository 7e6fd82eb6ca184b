using Communique.Storage;
using Communique.Storage.Sqlite;

namespace Communique.Server.Tests;

/// <summary>
/// The store contract, checked the same way for every backend: each backend adds one sealed subclass that
/// says how to create an empty store.
/// </summary>
public abstract class StoreConformanceTests : IAsyncLifetime
{
    private IStore? _store;

    protected IStore Store => _store ?? throw new InvalidOperationException("Not initialised.");

    protected abstract Task<IStore> CreateStoreAsync();

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        await _store.MigrateAsync(CancellationToken.None);
    }

    public virtual async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Writing_the_same_document_twice_changes_nothing()
    {
        var doc = Fixtures.Extract(Fixtures.Talks, "https://www.akorda.kz/en/talks");
        var first = await Store.WriteAsync([doc], CancellationToken.None);
        var second = await Store.WriteAsync([doc], CancellationToken.None);
        Assert.Equal(new WriteResult(1, 0, 0), first);
        Assert.Equal(new WriteResult(0, 0, 1), second);
        Assert.Equal(1, await Store.CountDocumentsAsync(CancellationToken.None));
        var events = await Store.EventsAsync(new EventQuery("ITA", "KAZ", Dyad: true), CancellationToken.None);
        Assert.Equal(events.Items.Select(e => e.Story).Distinct().Count(), events.Items.Count);
    }

    [Fact]
    public async Task Talks_reported_by_each_side_are_one_story()
    {
        // The host's release codes a visit (talks in its capital), the guest's a meeting: one real-world event.
        var astana = Fixtures.Extract("President Kassym-Jomart Tokayev held talks with Prime Minister Giorgia Meloni of Italy in Astana. The sides discussed trade and energy.",
            "https://www.akorda.kz/en/talks-meloni", site: "akorda.kz", published: "2025-05-30");
        var rome = Fixtures.Extract("Prime Minister Giorgia Meloni held talks with President Kassym-Jomart Tokayev of Kazakhstan. The two leaders discussed trade and energy.",
            "https://www.governo.it/en/talks-tokayev", site: "governo.it", published: "2025-05-30");
        Assert.Contains(astana.Events, e => e.Type == "CONSULT" && e.Mode == "visit" && e.Actors.SequenceEqual(["ITA"]));
        Assert.Contains(rome.Events, e => e.Type == "CONSULT" && e.Mode is null);
        await Store.WriteAsync([astana, rome], CancellationToken.None);
        var events = (await Store.EventsAsync(new EventQuery("ITA", "KAZ", Dyad: true), CancellationToken.None)).Items.Where(e => e.Event.Type == "CONSULT").ToList();
        Assert.Equal(2, events.Select(e => e.DocumentId).Distinct().Count());
        Assert.Single(events.Select(e => e.Story).Distinct());

        // A phone call between the same leaders that day is another event.
        var call = Fixtures.Extract("President Kassym-Jomart Tokayev had a telephone conversation with Prime Minister Giorgia Meloni of Italy.",
            "https://www.akorda.kz/en/call-meloni", published: "2025-05-30");
        await Store.WriteAsync([call], CancellationToken.None);
        events = (await Store.EventsAsync(new EventQuery("ITA", "KAZ", Dyad: true), CancellationToken.None)).Items.Where(e => e.Event.Type == "CONSULT").ToList();
        Assert.Equal(2, events.Select(e => e.Story).Distinct().Count());
        var dossier = await DossierBuilder.BuildAsync(Store, "KAZ", "ITA", CancellationToken.None);
        var talks = Assert.Single(dossier.Stories, s => s.Type == "CONSULT" && s.Mode == "visit");
        Assert.Equal(2, talks.Mentions.Count);
        Assert.Single(dossier.Stories, s => s.Type == "CONSULT" && s.Mode == "phone");
    }

    [Fact]
    public async Task Pages_walk_every_match_newest_first_past_the_facet_sample()
    {
        // 230 matches: the first pages come from the facet sample (200), the last from the index again.
        var start = new DateOnly(2024, 1, 1);
        var docs = Enumerable.Range(0, 230).Select(i => Fixtures.Extract($"Release {i}: the ministers discussed hydropower and irrigation.",
            $"https://www.gov.example/{i}", published: start.AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))).ToList();
        await Store.WriteAsync(docs, CancellationToken.None);
        var seen = new List<string>();
        for (var offset = 0; offset < 240; offset += 20)
        {
            var page = await Store.SearchAsync(new SearchQuery("hydropower", Offset: offset, Limit: 20), CancellationToken.None);
            Assert.Equal(230, page.Hits.Total);
            seen.AddRange(page.Hits.Items.Select(h => h.Id));
        }

        Assert.Equal(docs.OrderByDescending(d => d.Published, StringComparer.Ordinal).Select(d => d.Id), seen);
    }

    [Fact]
    public async Task A_document_prepared_ahead_is_written_as_one_that_was_not()
    {
        var ahead = Fixtures.Extract(Fixtures.Talks, "https://www.akorda.kz/en/ahead");
        var plain = Fixtures.Extract(Fixtures.Call, "https://www.akorda.kz/en/plain", published: "2024-05-02");
        Store.Prepare(ahead);
        Store.Prepare(ahead); // twice is harmless
        var result = await Store.WriteAsync([ahead, plain], CancellationToken.None);
        Assert.Equal(2, result.Added);
        foreach (var doc in new[] { ahead, plain })
        {
            var stored = await Store.GetDocumentAsync(doc.Id, CancellationToken.None);
            Assert.NotNull(stored);
            Assert.Equal(doc.Json, stored.Json);
            Assert.Equal(doc.People, stored.People);
            Assert.Equal(doc.Events.Count, stored.Events.Count);
            Assert.Equal(doc.Highlights.Count, stored.Highlights.Count);
        }
    }

    [Fact]
    public async Task Optimising_after_a_load_changes_no_search_result()
    {
        var docs = Enumerable.Range(0, 40).Select(i => Fixtures.Extract($"Release {i}: the ministers discussed hydropower{(i % 2 == 0 ? " and irrigation" : string.Empty)}.",
            $"https://www.gov.example/o{i}", published: new DateOnly(2024, 1, 1).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))).ToList();
        foreach (var chunk in docs.Chunk(5))
        {
            await Store.WriteAsync(chunk, CancellationToken.None); // several index segments
        }

        async Task<string[]> Ids(string q) => [.. (await Store.SearchAsync(new SearchQuery(q, Limit: 100), CancellationToken.None)).Hits.Items.Select(h => h.Id)];
        var (all, both) = (await Ids("hydropower"), await Ids("irrigation hydropower"));
        await Store.OptimizeAsync(CancellationToken.None);
        Assert.Equal(all, await Ids("hydropower"));
        Assert.Equal(both, await Ids("irrigation hydropower"));
        Assert.Equal(40, all.Length);
        Assert.Equal(20, both.Length);
    }

    [Fact]
    public async Task Date_windows_keep_exactly_the_days_inside_them()
    {
        string Day(int i) => new DateOnly(2023, 12, 30).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var docs = Enumerable.Range(0, 6).Select(i => Fixtures.Extract($"Release {i}: the ministers discussed hydropower.", $"https://www.gov.example/d{i}", published: Day(i))).ToList();
        docs.Add(Fixtures.Extract("An undated note on hydropower.", "https://www.gov.example/undated", published: null));
        await Store.WriteAsync(docs, CancellationToken.None);
        async Task<string[]> Days(string? from, string? to, string? text) =>
            [.. (await Store.SearchAsync(new SearchQuery(text, From: from, To: to), CancellationToken.None)).Hits.Items.Select(h => h.Published ?? "none")];
        foreach (var text in new[] { "hydropower", null })
        {
            Assert.Equal([Day(4), Day(3), Day(2)], await Days(Day(2), Day(4), text));
            Assert.Equal([Day(5), Day(4)], await Days(Day(4), null, text));
            Assert.Equal([Day(1), Day(0)], await Days(null, Day(1), text));
            Assert.Equal([Day(5), Day(4), Day(3), Day(2), Day(1), Day(0), "none"], await Days(null, null, text));
        }
    }

    [Fact]
    public async Task New_text_at_the_same_url_is_a_new_revision_replacing_the_old()
    {
        var url = "https://www.akorda.kz/en/talks";
        var old = Fixtures.Extract(Fixtures.Talks, url);
        var updated = Fixtures.Extract(Fixtures.Talks.Replace("energy", "tourism", StringComparison.Ordinal) + " The sides also discussed education.", url);
        await Store.WriteAsync([old], CancellationToken.None);
        var result = await Store.WriteAsync([updated], CancellationToken.None);
        Assert.Equal(new WriteResult(0, 1, 0), result);
        Assert.Equal(1, await Store.CountDocumentsAsync(CancellationToken.None));
        Assert.Null(await Store.GetDocumentAsync(old.Id, CancellationToken.None));
        var stored = await Store.GetDocumentAsync(updated.Id, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Contains("education", stored.Text, StringComparison.Ordinal);
        Assert.Equal(0, (await Store.SearchAsync(new SearchQuery("energy"), CancellationToken.None)).Hits.Total);
        Assert.Equal(1, (await Store.SearchAsync(new SearchQuery("tourism"), CancellationToken.None)).Hits.Total);

        // Nothing of the old revision is left behind: its events, sides, figures and people went with it.
        var events = (await Store.EventsAsync(new EventQuery("ITA", "KAZ", Dyad: true), CancellationToken.None)).Items;
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal(updated.Id, e.DocumentId));
        var figures = (await Store.FiguresAsync(new FigureQuery(Country: "KAZ"), CancellationToken.None)).Items;
        Assert.Equal(updated.Figures.Count, figures.Count);
        Assert.All(figures, f => Assert.Equal(updated.Id, f.DocumentId));
        var actor = await Store.ActorAsync("Sergio Mattarella", CancellationToken.None);
        Assert.Equal(1, actor?.Documents);
    }

    [Fact]
    public async Task A_document_reads_back_with_its_layers()
    {
        var doc = Fixtures.Extract(Fixtures.Talks);
        await Store.WriteAsync([doc], CancellationToken.None);
        var stored = await Store.GetDocumentAsync(doc.Id, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(doc.Text, stored.Text);
        Assert.Equal(doc.People.Count, stored.People.Count);
        Assert.Contains(stored.People, p => p.Name == "Sergio Mattarella" && p.Country == "ITA");
        Assert.Contains(stored.Figures, f => f.Value == 7_600_000_000m && f.Unit == "USD" && f.Sentence.Text.Contains("$7.6 billion", StringComparison.Ordinal));
        Assert.Contains(stored.Events, e => e.Type == "CONSULT" && e.Mode == "visit" && e.Actors.SequenceEqual(["ITA"]) && e.Recipients.SequenceEqual(["KAZ"]) && e.Evidence.Count > 0);
        Assert.Equal(doc.Highlights.Count, stored.Highlights.Count);

        // Why each event was coded reads back as extracted: the trigger words by offset, the reasons word for word.
        Assert.Equal(doc.Events.Count, stored.Events.Count);
        foreach (var (written, read) in doc.Events.Zip(stored.Events))
        {
            Assert.NotEmpty(read.Triggers);
            Assert.Equal(written.Triggers, read.Triggers);
            Assert.All(read.Triggers, t => Assert.Equal(t.Text, stored.Text[t.Start..t.End]));
            Assert.NotEmpty(read.Why);
            Assert.Equal(written.Why, read.Why);
        }
    }

    [Fact]
    public async Task Layer_rows_read_back_exactly_whatever_their_characters()
    {
        var doc = Fixtures.Extract(Fixtures.Talks);
        var sentence = doc.Figures[0].Sentence;
        doc = doc with
        {
            People = [new StoredPerson("Қасым-Жомарт \"Тоқаев\" \\ 🙂", null, "KAZ", "GOV"), new StoredPerson("O'Brien\tde la Cruz", "Minister of Foreign Affairs", null, null)],
            Entities = [new StoredEntity("CITY", "Нұр-Сұлтан/Astana", "KAZ"), new StoredEntity("ORG", "«Samruk-Kazyna» \u0001 fund", null)],
            Figures = [doc.Figures[0] with { About = "investment ‘Italy’ — 20 years", Qualifier = null, Value = 0.000001m }, new StoredFigure("count", 250m, null, "up to", null, "250 🏭", sentence)],
            Topics = ["energy", "трансфер технологий", "🙂"],
        };
        await Store.WriteAsync([doc], CancellationToken.None);
        var stored = await Store.GetDocumentAsync(doc.Id, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(doc.People, stored.People);
        Assert.Equal(doc.Entities, stored.Entities);
        Assert.Equal(doc.Topics, stored.Topics);
        Assert.Equal(doc.Figures.Count, stored.Figures.Count);
        for (var i = 0; i < doc.Figures.Count; i++)
        {
            var (a, b) = (doc.Figures[i], stored.Figures[i]);
            Assert.Equal((a.Kind, a.Value, a.Unit, a.Qualifier, a.About, a.Text, a.Sentence.Start, a.Sentence.End), (b.Kind, b.Value, b.Unit, b.Qualifier, b.About, b.Text, b.Sentence.Start, b.Sentence.End));
        }
    }

    [Fact]
    public async Task Search_finds_words_with_snippets_and_facets()
    {
        await Store.WriteAsync([Fixtures.Extract(Fixtures.Talks), Fixtures.Extract(Fixtures.Call, published: "2024-05-02")], CancellationToken.None);
        var result = await Store.SearchAsync(new SearchQuery("invested companies"), CancellationToken.None);
        var hit = Assert.Single(result.Hits.Items);
        // The snippet is plain text; the marks are the query words in it, by offset.
        Assert.DoesNotContain(hit.Snippet, char.IsControl);
        Assert.Equal(["invested", "companies"], hit.Marks.Select(m => hit.Snippet[m.Start..m.End]));
        Assert.Contains(result.Facets["country"], f => f.Value == "ITA");
        var phone = await Store.SearchAsync(new SearchQuery("energy", EventType: "CONSULT", From: "2024-01-01", To: "2024-12-31"), CancellationToken.None);
        Assert.Equal(1, phone.Hits.Total);
        var person = await Store.SearchAsync(new SearchQuery(null, Person: "Giorgia Meloni"), CancellationToken.None);
        Assert.Equal(1, person.Hits.Total);
    }

    [Theory]
    [InlineData("\"unbalanced")]
    [InlineData("AND OR NOT")]
    [InlineData("(energy")]
    [InlineData("*")]
    [InlineData("NEAR(a b")]
    public async Task Search_text_with_query_syntax_never_fails(string text)
    {
        await Store.WriteAsync([Fixtures.Extract(Fixtures.Talks)], CancellationToken.None);
        var result = await Store.SearchAsync(new SearchQuery(text), CancellationToken.None);
        Assert.True(result.Hits.Total >= 0);
    }

    [Fact]
    public async Task Two_documents_reporting_one_meeting_make_one_story()
    {
        await Store.WriteAsync([Fixtures.Extract(Fixtures.Talks), Fixtures.Extract(Fixtures.TalksElsewhere, site: "mfa.gov.kz")], CancellationToken.None);
        var dossier = await DossierBuilder.BuildAsync(Store, "KAZ", "ITA", CancellationToken.None);
        var visit = Assert.Single(dossier.Stories, s => s.Type == "CONSULT" && s.Mode == "visit");
        Assert.Equal(2, visit.Mentions.Count);
        Assert.Contains(dossier.Disagreements, d => d.Figures.Select(f => f.Figure.Value).Distinct().Count() == 2);
        Assert.Contains(dossier.CountsByYear, c => c.Year == "2025" && c.Type == "CONSULT");
    }

    [Fact]
    public async Task A_meeting_reported_the_next_day_joins_the_same_story()
    {
        await Store.WriteAsync([Fixtures.Extract(Fixtures.Talks), Fixtures.Extract(Fixtures.TalksElsewhere, site: "mfa.gov.kz", published: "2025-10-01")], CancellationToken.None);
        var dossier = await DossierBuilder.BuildAsync(Store, "KAZ", "ITA", CancellationToken.None);
        var visit = Assert.Single(dossier.Stories, s => s.Type == "CONSULT" && s.Mode == "visit");
        Assert.Equal(2, visit.Mentions.Count);
        Assert.Equal("2025-10-01", visit.Date);
    }

    [Fact]
    public async Task Meetings_a_week_apart_stay_separate_stories()
    {
        await Store.WriteAsync([Fixtures.Extract(Fixtures.Talks), Fixtures.Extract(Fixtures.TalksElsewhere, site: "mfa.gov.kz", published: "2025-10-07")], CancellationToken.None);
        var dossier = await DossierBuilder.BuildAsync(Store, "KAZ", "ITA", CancellationToken.None);
        Assert.Equal(2, dossier.Stories.Count(s => s.Type == "CONSULT" && s.Mode == "visit"));
    }

    [Fact]
    public async Task Offices_come_from_the_seed_and_from_dated_releases()
    {
        await Store.PutOfficesAsync([("Kassym-Jomart Tokayev", new Office("President", "KAZ", "2019-03-20", null, "office-holder table"))], CancellationToken.None);
        await Store.WriteAsync([Fixtures.Extract(Fixtures.Talks), Fixtures.Extract(Fixtures.Call, published: "2024-05-02")], CancellationToken.None);
        var actor = await Store.ActorAsync("Kassym-Jomart Tokayev", CancellationToken.None);
        Assert.NotNull(actor);
        Assert.Contains(actor.Offices, o => o.Source == "office-holder table" && o.From == "2019-03-20");
        Assert.Contains(actor.Offices, o => o.Source == "releases" && o.From == "2024-05-02" && o.To == "2025-09-30");
        Assert.Equal(2, actor.Documents);
        Assert.Null(await Store.ActorAsync("Nobody Atall", CancellationToken.None));
    }

    [Fact]
    public async Task Events_filter_by_side_type_and_date()
    {
        await Store.WriteAsync([Fixtures.Extract(Fixtures.Talks), Fixtures.Extract(Fixtures.Call, published: "2024-05-02")], CancellationToken.None);
        var visits = await Store.EventsAsync(new EventQuery(Actor: "ITA", Recipient: "KAZ", Type: "CONSULT"), CancellationToken.None);
        Assert.All(visits.Items, e => Assert.Contains("ITA", e.Event.Actors));
        Assert.NotEmpty(visits.Items);
        var in2024 = await Store.EventsAsync(new EventQuery(From: "2024-01-01", To: "2024-12-31"), CancellationToken.None);
        Assert.All(in2024.Items, e => Assert.StartsWith("2024", e.Event.Date, StringComparison.Ordinal));
        Assert.NotEmpty(in2024.Items);
    }
}

/// <summary>The conformance suite on the embedded SQLite store, in a temporary file.</summary>
public sealed class SqliteStoreConformanceTests : StoreConformanceTests
{
    private readonly string _path = Fixtures.TempStorePath("conformance");

    protected override Task<IStore> CreateStoreAsync() => Task.FromResult<IStore>(new SqliteStore(_path));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteStore.DeleteFiles(_path);
    }

    [Fact]
    public async Task A_version_3_store_migrates_to_newest_first_row_ids_and_a_positionless_index()
    {
        // Written now, then turned back into the version-3 layout (positive row ids, full-detail index).
        var start = new DateOnly(2024, 3, 1);
        var docs = Enumerable.Range(0, 5).Select(i => Fixtures.Extract($"Release {i}: the ministers discussed hydropower and irrigation.",
            $"https://www.gov.example/m{i}", published: start.AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))).ToList();
        docs.Add(Fixtures.Extract(Fixtures.Talks));
        await Store.WriteAsync(docs, CancellationToken.None);
        await Store.DisposeAsync();
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_path}"))
        {
            await connection.OpenAsync();
            await using var tx = connection.BeginTransaction();
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                PRAGMA defer_foreign_keys = ON;
                UPDATE documents SET rowid = -rowid; UPDATE people SET doc = -doc; UPDATE entities SET doc = -doc; UPDATE figures SET doc = -doc;
                UPDATE topics SET doc = -doc; UPDATE events SET doc = -doc; UPDATE doc_facets SET doc = -doc;
                DROP TABLE documents_fts;
                CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content = 'documents', content_rowid = 'rowid', tokenize = 'porter unicode61 remove_diacritics 2');
                INSERT INTO documents_fts(documents_fts) VALUES('rebuild');
                ALTER TABLE events DROP COLUMN why;
                PRAGMA user_version = 3;
                """;
            await cmd.ExecuteNonQueryAsync();
            await tx.CommitAsync();
            cmd.Transaction = null;
            cmd.CommandText = "SELECT min(rowid) FROM documents";
            Assert.True((long)(await cmd.ExecuteScalarAsync())! > 0);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var migrated = new SqliteStore(_path);
        await migrated.MigrateAsync(CancellationToken.None);
        var page = await migrated.SearchAsync(new SearchQuery("hydropower"), CancellationToken.None);
        Assert.Equal(docs.Take(5).Reverse().Select(d => d.Id), page.Hits.Items.Select(h => h.Id));
        var talks = await migrated.GetDocumentAsync(docs[5].Id, CancellationToken.None);
        Assert.NotNull(talks);
        Assert.Equal(docs[5].People.Count, talks.People.Count);
        Assert.Equal(docs[5].Events.Count, talks.Events.Count);
        Assert.All(talks.Events, e => Assert.Empty(e.Why)); // stored before reasons were kept
        Assert.Equal(1, (await migrated.SearchAsync(new SearchQuery("invested", Country: "ITA"), CancellationToken.None)).Hits.Total);
        Assert.Equal("ok", await migrated.CheckIntegrityAsync(CancellationToken.None));
        await migrated.WriteAsync([Fixtures.Extract("Release 9: hydropower again, a day later.", "https://www.gov.example/m9", published: "2024-03-06")], CancellationToken.None);
        Assert.StartsWith("Release 9", (await migrated.SearchAsync(new SearchQuery("hydropower"), CancellationToken.None)).Hits.Items[0].Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void Searches_are_words_without_phrases_and_function_words_go_when_others_remain()
    {
        Assert.Equal("\"Jae\" \"energy\"", SqliteStore.FtsQuery("Jae-in energy"));
        Assert.Equal("\"oil\" \"gas\"", SqliteStore.FtsQuery("oil and gas"));
        Assert.Equal("\"children\" \"rights\"", SqliteStore.FtsQuery("children's rights"));
        Assert.Equal("\"the\" \"and\"", SqliteStore.FtsQuery("the and"));
        Assert.Equal("\"Belt\" \"Road\" \"Initia\"*", SqliteStore.FtsQuery("Belt and Road Initia*"));
        Assert.Null(SqliteStore.FtsQuery(" - ' "));
    }

    [Fact]
    public async Task The_file_passes_the_integrity_check()
    {
        await Store.WriteAsync([Fixtures.Extract(Fixtures.Talks)], CancellationToken.None);
        Assert.Equal("ok", await ((SqliteStore)Store).CheckIntegrityAsync(CancellationToken.None));
    }
}
