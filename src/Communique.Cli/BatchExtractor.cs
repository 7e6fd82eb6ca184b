using System.Runtime.CompilerServices;
using Communique.Core;
using Communique.Ingest;
using Communique.Ingest.Web;
using Communique.Text;

namespace Communique.Cli;

/// <summary>One processed input: a document or the error that stopped it.</summary>
internal sealed record BatchItem(string Source, Document? Document, CommuniqueException? Error);

/// <summary>
/// Reads inputs in order and runs the pipeline on them in parallel, in bounded batches, yielding results in
/// input order; memory stays flat however long the stream of inputs is.
/// </summary>
internal sealed class BatchExtractor(Pipeline pipeline, SourceReader reader, int parallelism, FetchOptions? fetchOptions = null)
{
    /// <summary>Files and standard input through the reader; http(s) URLs through the polite fetcher (pages and feeds, not followed).</summary>
    private async IAsyncEnumerable<ReadResult> ReadAsync(IEnumerable<string> inputs, Stream stdin, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var list = inputs.ToList();
        static bool IsUrl(string s) => s.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        await foreach (var read in reader.ReadAllAsync(list.Where(s => !IsUrl(s)), stdin, cancellationToken).ConfigureAwait(false))
        {
            yield return read;
        }

        var urls = list.Where(IsUrl).ToList();
        if (urls.Count == 0)
        {
            yield break;
        }

        using var fetcher = new PoliteFetcher(fetchOptions);
        var crawler = new Crawler(fetcher, reader, new CrawlOptions { MaxDocuments = int.MaxValue });
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                yield return ReadResult.Fail(url, new CommuniqueException(ErrorCatalog.BadUrl, $"'{url}' is not a valid URL.", url, "Give an absolute http(s) URL."));
                continue;
            }

            await foreach (var read in crawler.CrawlAsync([uri], cancellationToken).ConfigureAwait(false))
            {
                yield return read;
            }
        }
    }

    public async IAsyncEnumerable<BatchItem> RunAsync(IEnumerable<string> inputs, Stream stdin, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batchSize = Math.Max(1, parallelism) * 4;
        var batch = new List<ReadResult>(batchSize);
        await foreach (var read in ReadAsync(inputs, stdin, cancellationToken).ConfigureAwait(false))
        {
            batch.Add(read);
            if (batch.Count == batchSize)
            {
                foreach (var item in Process(batch, cancellationToken))
                {
                    yield return item;
                }

                batch.Clear();
            }
        }

        foreach (var item in Process(batch, cancellationToken))
        {
            yield return item;
        }
    }

    public BatchItem Process(ReadResult read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (read.Error is not null || read.Document is null)
        {
            return new BatchItem(read.Source, null, read.Error);
        }

        try
        {
            var raw = read.Document;
            var document = DocumentFactory.Create(raw.Text, raw.Metadata);
            foreach (var (code, message) in raw.Warnings)
            {
                document.AddWarning(code, message);
            }

            pipeline.Process(document, cancellationToken);
            return new BatchItem(read.Source, document, null);
        }
        catch (CommuniqueException ex)
        {
            return new BatchItem(read.Source, null, ex);
        }
    }

    private BatchItem[] Process(List<ReadResult> batch, CancellationToken cancellationToken)
    {
        var results = new BatchItem[batch.Count];
        Parallel.For(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken },
            i => results[i] = Process(batch[i], cancellationToken));
        return results;
    }
}
