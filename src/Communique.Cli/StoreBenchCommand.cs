using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Communique.Core;
using Communique.Extraction;
using Communique.Storage;
using Communique.Storage.Sqlite;
using Communique.Text;

namespace Communique.Cli;

/// <summary>
/// <c>communique bench-store</c>: end-to-end extract+store throughput, store size per document and search latency
/// (p50/p99) at a given number of documents, on the embedded store.
/// </summary>
internal static class StoreBenchCommand
{
    public static Command Create(ICommandIo io)
    {
        var docs = new Option<int>("--docs") { Description = "Documents in the store when search is measured (default 100000).", DefaultValueFactory = _ => 100_000 };
        var extracted = new Option<int>("--extracted") { Description = "Generated releases extracted and stored end to end (default 5000); the rest are variants of them.", DefaultValueFactory = _ => 5_000 };
        var queries = new Option<int>("--queries") { Description = "Search queries timed (default 2000).", DefaultValueFactory = _ => 2_000 };
        var db = new Option<string?>("--db") { Description = "Store file (default: a temporary file, deleted afterwards)." };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 20250930 };
        var command = new Command("bench-store", "Measure end-to-end extract+store throughput, store size and search latency on the embedded store.") { docs, extracted, queries, db, seed };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = new StreamWriter(io.StandardOutput, new UTF8Encoding(false), leaveOpen: true) { AutoFlush = true };
            await using (output)
            {
                var path = parse.GetValue(db) ?? Path.Combine(Path.GetTempPath(), $"communique-bench-{Guid.NewGuid():N}.db");
                try
                {
                    await RunAsync(output, path, parse.GetValue(docs), parse.GetValue(extracted), parse.GetValue(queries), parse.GetValue(seed), cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    if (parse.GetValue(db) is null)
                    {
                        SqliteStore.DeleteFiles(path);
                    }
                }
            }

            return 0;
        });
        return command;
    }

    private static async Task RunAsync(StreamWriter output, string path, int total, int extractedCount, int queryCount, int seed, CancellationToken cancellationToken)
    {
        var lexicons = Lexicons.Default;
        var pipeline = ExtractionPipeline.Create();
        var generator = new CorpusGenerator(lexicons, seed);
        var random = new Random(seed);
        await using var store = new SqliteStore(path);
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}")).ConfigureAwait(false);

        // 1. End to end: generated releases (UTF-8 text as read from files) → pipeline on all cores → store, batches of 256.
        // A store that already holds the documents (--db of an earlier run, same seed) is reused: only search is timed.
        var texts = Enumerable.Range(0, extractedCount).Select(_ => generator.Next()).ToList();
        var reuse = await store.CountDocumentsAsync(cancellationToken).ConfigureAwait(false) >= total;
        if (reuse)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"reusing {path}: {total:N0} documents already stored")).ConfigureAwait(false);
        }

        // Warm up (JIT, lexicons) on releases outside the measured set, as `bench` does: the figure is the steady rate.
        var warmGenerator = new CorpusGenerator(lexicons, seed + 1);
        foreach (var text in Enumerable.Range(0, 300).Select(_ => warmGenerator.Next()))
        {
            var warm = DocumentFactory.Create(text, new DocumentMetadata(Site: "akorda.kz", Published: new DateOnly(2025, 9, 30)));
            pipeline.Process(warm, cancellationToken);
            _ = DocumentMapper.ToStored(warm);
        }

        var clock = Stopwatch.StartNew();
        var stored = new List<StoredDocument>(extractedCount);
        const int batchSize = 256;
        var writer = new StoreWriter(store, batchSize, (_, _) => Task.CompletedTask, cancellationToken);
        for (var start = 0; start < texts.Count; start += batchSize)
        {
            var batch = new StoredDocument[Math.Min(batchSize, texts.Count - start)];
            Parallel.For(0, batch.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, i =>
            {
                var n = start + i;
                var document = DocumentFactory.Create(texts[n], new DocumentMetadata(Url: $"https://bench.example/{n}", Site: "akorda.kz", Title: $"Generated release {n}",
                    Published: new DateOnly(2015, 1, 1).AddDays(n % 3650)));
                pipeline.Process(document, cancellationToken);
                batch[i] = DocumentMapper.ToStored(document);
            });
            foreach (var doc in batch)
            {
                if (!reuse)
                {
                    await writer.AddAsync(doc, cancellationToken).ConfigureAwait(false);
                }
            }

            stored.AddRange(batch);
        }

        await writer.CompleteAsync().ConfigureAwait(false);
        await writer.DisposeAsync().ConfigureAwait(false);
        var e2e = clock.Elapsed;
        if (!reuse)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"end to end (extract + store, {Environment.ProcessorCount} cores): {extractedCount:N0} releases in {e2e.TotalSeconds:0.00} s = {extractedCount / e2e.TotalSeconds:N0} articles/s")).ConfigureAwait(false);
        }

        // 2. Fill to the target size with variants of the extracted releases (new text tail, id and URL; same layers).
        var vocabulary = stored.SelectMany(d => d.Text.Split([' ', ',', '.', '\n'], StringSplitOptions.RemoveEmptyEntries)).Where(w => w.Length > 3 && w.All(char.IsLetter)).Distinct().ToArray();
        clock.Restart();
        var count = reuse ? total : extractedCount;
        while (count < total)
        {
            var batch = new List<StoredDocument>(5000);
            for (var i = 0; i < 5000 && count < total; i++, count++)
            {
                var source = stored[random.Next(stored.Count)];
                var tail = new StringBuilder(" Reference ").Append(count.ToString(CultureInfo.InvariantCulture)).Append('.');
                for (var w = 0; w < 12; w++)
                {
                    tail.Append(' ').Append(vocabulary[random.Next(vocabulary.Length)]);
                }

                var text = source.Text + tail;
                var id = Document.IdOf(text);
                var published = new DateOnly(2015, 1, 1).AddDays(count % 3650).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                batch.Add(source with { Id = id, Url = $"https://bench.example/{count}", Text = text, Published = published, Title = $"Generated release {count}" });
            }

            await store.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        var fill = clock.Elapsed;
        if (total > extractedCount && !reuse)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"fill: {total - extractedCount:N0} variant documents stored in {fill.TotalSeconds:0.0} s = {(total - extractedCount) / fill.TotalSeconds:N0} documents/s (store only)")).ConfigureAwait(false);
        }

        if (!reuse)
        {
            // What `run` and `ingest` do after a large load: merge the search index.
            clock.Restart();
            await store.OptimizeAsync(cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"search index merged in {clock.Elapsed.TotalSeconds:0.0} s")).ConfigureAwait(false);
        }

        await store.CheckpointAsync(cancellationToken).ConfigureAwait(false);
        var bytes = new FileInfo(path).Length;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"store: {total:N0} documents, {bytes / 1_000_000.0:N1} MB, {bytes / (double)total / 1024:0.0} KB per document (text {stored.Average(d => Encoding.UTF8.GetByteCount(d.Text)) / 1024:0.0} KB)")).ConfigureAwait(false);

        // 3. Search latency: one- and two-word queries drawn from the corpus vocabulary and the names in it.
        var names = stored.SelectMany(d => d.People.Select(p => p.Name.Split(' ')[^1]).Concat(d.Topics)).Distinct().ToArray();
        var pool = vocabulary.Concat(names).ToArray();

        // The timed part holds what a server holds: the generated corpus and its extracted documents are released
        // and collected first, so their heap does not lengthen collections during the queries.
        stored.Clear();
        stored.TrimExcess();
        texts.Clear();
        texts.TrimExcess();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var list = Enumerable.Range(0, queryCount).Select(_ => random.Next(3) == 0 ? pool[random.Next(pool.Length)] + " " + pool[random.Next(pool.Length)] : pool[random.Next(pool.Length)]).ToList();
        foreach (var q in list.Take(50))
        {
            await store.SearchAsync(new SearchQuery(q), cancellationToken).ConfigureAwait(false); // warm-up
        }

        var latencies = new List<double>(list.Count);
        long hits = 0;
        foreach (var q in list)
        {
            var t = Stopwatch.GetTimestamp();
            var result = await store.SearchAsync(new SearchQuery(q), cancellationToken).ConfigureAwait(false);
            latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            hits += result.Hits.Total;
        }

        latencies.Sort();
        double P(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"search at {total:N0} documents ({list.Count:N0} queries, page of 20 with total and facets; mean {hits / (double)list.Count:N0} matches): p50 {P(0.5):0.0} ms, p90 {P(0.9):0.0} ms, p99 {P(0.99):0.0} ms, max {latencies[^1]:0.0} ms")).ConfigureAwait(false);
    }
}
