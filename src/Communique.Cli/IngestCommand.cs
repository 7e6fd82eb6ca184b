using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Communique.Core;
using Communique.Ingest;
using Communique.Ingest.Web;
using Communique.Storage;
using Communique.Storage.Sqlite;

namespace Communique.Cli;

/// <summary>
/// <c>communique ingest</c>: URLs (pages, feeds, sitemaps, site crawls) and files into the store, politely:
/// robots.txt, a per-host delay, conditional GETs, the SSRF guard, de-duplication; every failure is reported for
/// its URL and the rest goes on.
/// </summary>
internal static class IngestCommand
{
    public static Command Create(ICommandIo io)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "URLs (http/https: pages, RSS/Atom feeds, sitemaps) and files or directories.", Arity = ArgumentArity.OneOrMore };
        var follow = new Option<string>("--follow") { Description = "none, feeds (fetch each item's page), sitemaps, or links (same host, breadth first).", DefaultValueFactory = _ => "none" };
        follow.AcceptOnlyFromAmong("none", "feeds", "sitemaps", "links");
        var since = new Option<string?>("--since") { Description = "Skip sitemap entries, feed items and pages dated before YYYY-MM-DD." };
        var max = new Option<int>("--max") { Description = "Most documents read from URLs (default 1000).", DefaultValueFactory = _ => 1000 };
        var depth = new Option<int>("--depth") { Description = "Link depth for --follow links (default 2).", DefaultValueFactory = _ => 2 };
        var db = new Option<string?>("--db") { Description = $"The store (default {RunCommand.DefaultDb})." };
        var agent = new Option<string?>("--user-agent") { Description = "User-Agent header; keep 'Communique' first and add a contact." };
        var delay = new Option<double>("--delay") { Description = "Seconds between requests to one host (default 1; a site's Crawl-delay up to 30 s wins).", DefaultValueFactory = _ => 1.0 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds allowed per request (default 30).", DefaultValueFactory = _ => 30.0 };
        var allow = new Option<string[]>("--allow-network") { Description = "Open an address or network the SSRF guard refuses (loopback, private…), e.g. 127.0.0.1 or 10.0.0.0/8.", AllowMultipleArgumentsPerToken = true };
        var options = new CommonOptions();
        var command = new Command("ingest", "Fetch and store pages, feeds, sitemaps or a site crawl (and files), politely.") { inputs, follow, since, max, depth, db, agent, delay, timeout, allow };
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var all = parse.GetValue(inputs) ?? [];
            var urls = all.Where(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || a.StartsWith("https://", StringComparison.OrdinalIgnoreCase)).ToList();
            var files = all.Except(urls).ToList();
            var fetchOptions = new FetchOptions
            {
                PerHostDelay = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(delay))),
                Timeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))),
                MaxBodyBytes = parse.GetValue(options.MaxBytes),
                AllowedNetworks = parse.GetValue(allow) ?? [],
            };
            if (parse.GetValue(agent) is { Length: > 0 } ua)
            {
                fetchOptions = fetchOptions with { UserAgent = ua };
            }

            var crawl = new CrawlOptions
            {
                Follow = Enum.Parse<Follow>(parse.GetValue(follow) ?? "none", ignoreCase: true),
                MaxDocuments = Math.Max(1, parse.GetValue(max)),
                MaxDepth = Math.Max(0, parse.GetValue(depth)),
                Since = CommandLine.ParseDate(parse.GetValue(since), "--since"),
            };

            await using var store = await RunCommand.OpenStoreAsync(parse.GetValue(db) ?? RunCommand.DefaultDb, mustExist: false, options.Lexicons(parse), cancellationToken).ConfigureAwait(false);
            var extractor = options.CreateExtractor(parse);
            var clock = Stopwatch.StartNew();
            var (read, failed, duplicates, added, revised, unchanged) = await ProgressDisplay.RunAsync(io, "ingest", async progress =>
            {
                await using var writer = new StoreWriter(store, 64, (done, _) => progress.CommittedAsync(done));

                async Task HandleAsync(ReadResult result)
                {
                    if (result.Error is { } error && error.Code.Code == ErrorCatalog.Duplicate.Code)
                    {
                        progress.Update(c => c with { Duplicates = c.Duplicates + 1 });
                        return;
                    }

                    var item = extractor.Process(result, cancellationToken);
                    if (item.Document is null)
                    {
                        progress.Update(c => c with { Failed = c.Failed + 1, Current = result.Source });
                        await progress.WriteLineAsync(ExtractCommand.ErrorLine(item)).ConfigureAwait(false);
                        return;
                    }

                    progress.Update(c => c with { Read = c.Read + 1, Current = result.Source });
                    await writer.AddAsync(item.Document, cancellationToken).ConfigureAwait(false);
                }

                if (urls.Count > 0)
                {
                    using var fetcher = new PoliteFetcher(fetchOptions);
                    var reader = new SourceReader(new InputLimits { MaxInputBytes = fetchOptions.MaxBodyBytes });
                    var seeds = new List<Uri>();
                    foreach (var u in urls)
                    {
                        if (Uri.TryCreate(u, UriKind.Absolute, out var parsed))
                        {
                            seeds.Add(parsed);
                        }
                        else
                        {
                            progress.Update(c => c with { Failed = c.Failed + 1, Current = u });
                            await progress.WriteLineAsync(ExtractCommand.ErrorLine(new BatchItem(u, null, new CommuniqueException(ErrorCatalog.BadUrl, $"'{u}' is not a valid URL.", u, "Give an absolute http(s) URL.")))).ConfigureAwait(false);
                        }
                    }

                    await foreach (var result in new Crawler(fetcher, reader, crawl).CrawlAsync(seeds, cancellationToken).ConfigureAwait(false))
                    {
                        await HandleAsync(result).ConfigureAwait(false);
                    }
                }

                if (files.Count > 0)
                {
                    var sourceReader = new SourceReader(new InputLimits { MaxInputBytes = fetchOptions.MaxBodyBytes });
                    await foreach (var result in sourceReader.ReadAllAsync(SourceReader.Expand(files), io.StandardInput, cancellationToken).ConfigureAwait(false))
                    {
                        await HandleAsync(result).ConfigureAwait(false);
                    }
                }

                var (added, revised, unchanged) = await writer.CompleteAsync().ConfigureAwait(false);
                var counts = progress.Counts;
                return (counts.Read, counts.Failed, counts.Duplicates, added, revised, unchanged);
            }).ConfigureAwait(false);
            await io.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"done: {read:N0} documents read ({added:N0} new, {revised:N0} revised, {unchanged:N0} unchanged), {duplicates:N0} duplicates skipped, {failed:N0} failed, in {clock.Elapsed.TotalSeconds:0.0} s")).ConfigureAwait(false);
            await RunCommand.OptimizeAfterLoadAsync(io, store, added + revised, cancellationToken).ConfigureAwait(false);
            return read == 0 && failed > 0 ? 1 : 0;
        });
        return command;
    }
}
