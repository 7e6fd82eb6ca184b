using System.Threading.Channels;
using Communique.Storage;

namespace Communique.Cli;

/// <summary>
/// Writes documents to a store in batches on a background task, so extraction of the next batch overlaps the
/// transaction of the previous one. At most two batches wait; the callback given to the constructor runs after each
/// commit with the number of documents committed so far.
/// </summary>
internal sealed class StoreWriter : IAsyncDisposable
{
    private readonly Channel<List<StoredDocument>> _batches = Channel.CreateBounded<List<StoredDocument>>(2);
    private readonly IStore _store;
    private readonly int _batchSize;
    private readonly Func<int, WriteResult, Task> _committed;
    private readonly Task _consumer;
    private List<StoredDocument> _current;
    private int _added, _revised, _unchanged;

    public StoreWriter(IStore store, int batchSize, Func<int, WriteResult, Task> committed, CancellationToken cancellationToken = default)
    {
        _store = store;
        _batchSize = batchSize;
        _committed = committed;
        _current = new List<StoredDocument>(batchSize);
        _consumer = Task.Run(() => ConsumeAsync(cancellationToken), cancellationToken);
    }

    public async ValueTask AddAsync(StoredDocument document, CancellationToken cancellationToken)
    {
        _current.Add(document);
        if (_current.Count >= _batchSize)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes what is left and waits for every batch to commit; returns the totals.</summary>
    public async Task<(int Added, int Revised, int Unchanged)> CompleteAsync()
    {
        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        _batches.Writer.TryComplete();
        await _consumer.ConfigureAwait(false);
        return (_added, _revised, _unchanged);
    }

    public async ValueTask DisposeAsync()
    {
        _batches.Writer.TryComplete();
        try
        {
            await _consumer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Cancelled: what was committed stays committed.
        }
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_current.Count == 0)
        {
            return;
        }

        if (_consumer.IsFaulted)
        {
            await _consumer.ConfigureAwait(false); // surfaces the write error
        }

        await _batches.Writer.WriteAsync(_current, cancellationToken).ConfigureAwait(false);
        _current = new List<StoredDocument>(_batchSize);
    }

    private async Task ConsumeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in _batches.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var result = await _store.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                (_added, _revised, _unchanged) = (_added + result.Added, _revised + result.Revised, _unchanged + result.Unchanged);
                await _committed(_added + _revised + _unchanged, result).ConfigureAwait(false);
            }
        }
        catch
        {
            _batches.Writer.TryComplete();
            throw;
        }
    }
}
