using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Communique.Core;
using Communique.Extraction;
using Communique.Ingest;
using Communique.Server;
using Communique.Storage;
using Communique.Storage.Sqlite;
using Communique.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Communique.Cli;

/// <summary>
/// <c>communique run</c>: read, extract, store and serve in one command (the README's main job), and
/// <c>communique serve</c>: serve an existing store.
/// </summary>
internal static class RunCommand
{
    public const string DefaultDb = "communique.db";
    public const string DefaultUrl = "http://127.0.0.1:5000";
    private const int BatchSize = 256;

    public static Command CreateRun(ICommandIo io)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Files, directories (read recursively) or '-' for standard input.", Arity = ArgumentArity.OneOrMore };
        var db = DbOption();
        var urls = UrlsOption();
        var apiKey = ApiKeyOption();
        var noServe = new Option<bool>("--no-serve") { Description = "Store and exit without serving." };
        var options = new CommonOptions();
        var command = new Command("run", "Read, extract and store documents in the embedded database, then serve search, the API and the web UI.") { inputs, db, urls, apiKey, noServe };
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await OpenStoreAsync(parse.GetValue(db) ?? DefaultDb, mustExist: false, options.Lexicons(parse), cancellationToken).ConfigureAwait(false);
            var extractor = options.CreateExtractor(parse);
            var sources = SourceReader.Expand(parse.GetValue(inputs) ?? []).ToList();
            var (stored, failed) = await StoreAsync(io, store, extractor, sources, cancellationToken).ConfigureAwait(false);
            if (stored == 0 && failed > 0)
            {
                await io.Error.WriteLineAsync($"error: all {failed} input(s) failed; nothing stored.").ConfigureAwait(false);
                return 1;
            }

            if (parse.GetValue(noServe))
            {
                return 0;
            }

            return await ServeAsync(io, store, options.CreatePipeline(parse), parse.GetValue(urls) ?? DefaultUrl, parse.GetValue(apiKey), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    public static Command CreateServe(ICommandIo io)
    {
        var db = DbOption();
        var urls = UrlsOption();
        var apiKey = ApiKeyOption();
        var options = new CommonOptions();
        var command = new Command("serve", "Serve search, the REST API and the web UI over a store.") { db, urls, apiKey };
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await OpenStoreAsync(parse.GetValue(db) ?? DefaultDb, mustExist: true, null, cancellationToken).ConfigureAwait(false);
            return await ServeAsync(io, store, options.CreatePipeline(parse), parse.GetValue(urls) ?? DefaultUrl, parse.GetValue(apiKey), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    public static Command CreateCheck(ICommandIo io)
    {
        var db = DbOption();
        var command = new Command("check", "Check a store: SQLite's integrity check and the number of documents.") { db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(db) ?? DefaultDb;
            RequireStore(path);
            await using var store = new SqliteStore(path);
            var integrity = await store.CheckIntegrityAsync(cancellationToken).ConfigureAwait(false);
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
            var count = await store.CountDocumentsAsync(cancellationToken).ConfigureAwait(false);
            await io.Error.WriteLineAsync($"integrity {integrity}; {count} documents").ConfigureAwait(false);
            await using var output = new StreamWriter(io.StandardOutput, leaveOpen: true);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{integrity}\t{count}")).ConfigureAwait(false);
            return integrity == "ok" ? 0 : 1;
        });
        return command;
    }

    /// <summary>Fails with a clear error when the store file a command reads does not exist.</summary>
    public static void RequireStore(string path)
    {
        if (!File.Exists(path))
        {
            throw new CommuniqueException(ErrorCatalog.BadOption, $"--db '{path}' does not exist.", hint: "Create it with 'communique run <sources> --db FILE'.");
        }
    }

    /// <summary>Opens a store and brings its schema up to date; with lexicons, also seeds the actor knowledge base from the office-holder table.</summary>
    public static async Task<SqliteStore> OpenStoreAsync(string path, bool mustExist, Lexicons? seed, CancellationToken cancellationToken)
    {
        if (mustExist)
        {
            RequireStore(path);
        }

        var store = new SqliteStore(path);
        try
        {
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
            if (seed is not null)
            {
                await SeedOfficesAsync(store, seed, cancellationToken).ConfigureAwait(false);
            }

            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static Option<string?> DbOption() => new("--db") { Description = $"The embedded database file (default: {DefaultDb})." };

    private static Option<string?> UrlsOption() => new("--urls") { Description = $"Where to listen (default: {DefaultUrl}; several separated by ';')." };

    private static Option<string?> ApiKeyOption() => new("--api-key") { Description = "Key that POST /api/ingest requires in the X-Api-Key header (ingest over HTTP is off without it)." };

    /// <summary>Seeds the actor knowledge base from the office-holder table (idempotent).</summary>
    public static Task SeedOfficesAsync(IStore store, Lexicons lexicons, CancellationToken cancellationToken) =>
        store.PutOfficesAsync([.. lexicons.OfficeTerms.Select(t => (t.Name, new Office(t.Role, t.Country,
            t.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), t.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "office-holder table")))], cancellationToken);

    /// <summary>Extracts and stores in batches of <see cref="BatchSize"/>, one transaction each; bad inputs are reported and skipped.</summary>
    public static async Task<(int Stored, int Failed)> StoreAsync(ICommandIo io, IStore store, BatchExtractor extractor, IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (failed, added, revised, unchanged) = await ProgressDisplay.RunAsync(io, "store", async progress =>
        {
            await using var writer = new StoreWriter(store, BatchSize, (done, _) => progress.CommittedAsync(done));
            await foreach (var item in extractor.RunAsync(sources, io.StandardInput, cancellationToken).ConfigureAwait(false))
            {
                if (item.Document is null)
                {
                    progress.Update(c => c with { Failed = c.Failed + 1, Current = item.Source });
                    await progress.WriteLineAsync(ExtractCommand.ErrorLine(item)).ConfigureAwait(false);
                    continue;
                }

                progress.Update(c => c with { Read = c.Read + 1, Current = item.Source });
                await writer.AddAsync(item.Document, cancellationToken).ConfigureAwait(false);
            }

            var (added, revised, unchanged) = await writer.CompleteAsync().ConfigureAwait(false);
            return (progress.Counts.Failed, added, revised, unchanged);
        }).ConfigureAwait(false);
        var total = added + revised + unchanged;
        await io.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"done: {total:N0} documents stored ({added:N0} new, {revised:N0} revised, {unchanged:N0} unchanged), {failed:N0} failed, in {clock.Elapsed.TotalSeconds:0.0} s ({(total + failed) / Math.Max(clock.Elapsed.TotalSeconds, 0.001):0} documents/s)")).ConfigureAwait(false);
        await OptimizeAfterLoadAsync(io, store, added + revised, cancellationToken).ConfigureAwait(false);
        return (total, failed);
    }

    /// <summary>Documents written in one run from which the store is optimised afterwards (its search index merged).</summary>
    public const int OptimizeAfter = 10_000;

    /// <summary>After a large load, merges the store's search index (a million documents: about 14 s) so that searches stay fast.</summary>
    public static async Task OptimizeAfterLoadAsync(ICommandIo io, IStore store, int written, CancellationToken cancellationToken)
    {
        if (written < OptimizeAfter)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        await store.OptimizeAsync(cancellationToken).ConfigureAwait(false);
        await io.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"search index merged after {written:N0} new documents, in {clock.Elapsed.TotalSeconds:0.0} s")).ConfigureAwait(false);
    }

    private static async Task<int> ServeAsync(ICommandIo io, SqliteStore store, Pipeline pipeline, string urls, string? apiKey, CancellationToken cancellationToken)
    {
        var options = new ServerOptions
        {
            ApiKey = apiKey,
            Ingest = (items, ct) => IngestAsync(store, pipeline, items, ct),
        };
        await using var app = CommuniqueServer.Build(store, options, b => b.WebHost.UseUrls(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new CommuniqueException(ErrorCatalog.BadOption, $"Cannot listen on {urls}: {ex.Message}", hint: "Another program may use the port; pick another with --urls http://127.0.0.1:5050. The store is kept; 'communique serve' serves it.");
        }

        var first = app.Urls.FirstOrDefault() ?? urls;
        await io.Error.WriteLineAsync($"serving {store.Path} on {first} — search: {first}/  dossier: {first}/dossier/KAZ/ITA  API: {first}/api/search?q=  OpenAPI: {first}/openapi/v1.json  (Ctrl+C stops)").ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stop cleanly.
        }

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Extracts posted documents with the pipeline and stores them in one transaction.</summary>
    public static async Task<IngestResponse> IngestAsync(IStore store, Pipeline pipeline, IReadOnlyList<IngestRequest> items, CancellationToken cancellationToken)
    {
        var stored = new List<StoredDocument>(items.Count);
        foreach (var item in items)
        {
            var published = item.Published is null ? (DateOnly?)null : DateOnly.ParseExact(item.Published, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var document = DocumentFactory.Create(item.Text, new DocumentMetadata(Url: item.Url, Site: item.Site, Title: item.Title, Published: published));
            pipeline.Process(document, cancellationToken);
            stored.Add(DocumentMapper.ToStored(document));
        }

        var result = await store.WriteAsync(stored, cancellationToken).ConfigureAwait(false);
        return new IngestResponse(result.Added, result.Revised, result.Unchanged, [.. stored.Select(s => s.Id)]);
    }
}
