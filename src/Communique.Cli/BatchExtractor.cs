using System.Runtime.CompilerServices;
using Communique.Core;
using Communique.Ingest;
using Communique.Text;

namespace Communique.Cli;

/// <summary>One processed input: a document or the error that stopped it.</summary>
internal sealed record BatchItem(string Source, Document? Document, CommuniqueException? Error);

/// <summary>
/// Reads inputs in order and runs the pipeline on them in parallel, in bounded batches, yielding results in
/// input order; memory stays flat however long the stream of inputs is.
/// </summary>
internal sealed class BatchExtractor(Pipeline pipeline, SourceReader reader, int parallelism)
{
    public async IAsyncEnumerable<BatchItem> RunAsync(IEnumerable<string> inputs, Stream stdin, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batchSize = Math.Max(1, parallelism) * 4;
        var batch = new List<ReadResult>(batchSize);
        await foreach (var read in reader.ReadAllAsync(inputs, stdin, cancellationToken).ConfigureAwait(false))
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
