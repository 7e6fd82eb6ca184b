using System.Threading.Channels;
using Communique.Core;
using Communique.Storage;

namespace Communique.Cli;

/// <summary>
/// Writes documents to a store in batches, in a pipeline of two background stages: while one batch is being
/// written (one transaction, the store's single writer), the next is prepared on all cores — mapped to its
/// stored form and given to <see cref="IStore.Prepare"/> for the backend's own work (compression, serialisation)
/// — and extraction goes on producing the one after. At most two batches wait at each stage; the callback given
/// to the constructor runs after each commit with the number of documents committed so far.
/// </summary>
internal sealed class StoreWriter : IAsyncDisposable
{
    private readonly Channel<List<Item>> _pending = Channel.CreateBounded<List<Item>>(2);
    private readonly Channel<StoredDocument[]> _ready = Channel.CreateBounded<StoredDocument[]>(1);
    private readonly IStore _store;
    private readonly int _batchSize;
    private readonly Func<int, WriteResult, Task> _committed;
    private readonly Task _preparer;
    private readonly Task _consumer;
    private List<Item> _current;
    private int _added, _revised, _unchanged;

    public StoreWriter(IStore store, int batchSize, Func<int, WriteResult, Task> committed, CancellationToken cancellationToken = default)
    {
        _store = store;
        _batchSize = batchSize;
        _committed = committed;
        _current = new List<Item>(batchSize);
        _preparer = Task.Run(() => PrepareAsync(cancellationToken), cancellationToken);
        _consumer = Task.Run(() => ConsumeAsync(cancellationToken), cancellationToken);
    }

    /// <summary>Adds an extracted document; it is mapped to its stored form off the caller's thread.</summary>
    public ValueTask AddAsync(Document document, CancellationToken cancellationToken) => AddAsync(new Item(document, null), cancellationToken);

    /// <summary>Adds a document already in its stored form.</summary>
    public ValueTask AddAsync(StoredDocument document, CancellationToken cancellationToken) => AddAsync(new Item(null, document), cancellationToken);

    /// <summary>Writes what is left and waits for every batch to commit; returns the totals.</summary>
    public async Task<(int Added, int Revised, int Unchanged)> CompleteAsync()
    {
        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        _pending.Writer.TryComplete();
        await _preparer.ConfigureAwait(false);
        await _consumer.ConfigureAwait(false);
        return (_added, _revised, _unchanged);
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        try
        {
            await _preparer.ConfigureAwait(false);
            await _consumer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Cancelled: what was committed stays committed.
        }
    }

    private async ValueTask AddAsync(Item item, CancellationToken cancellationToken)
    {
        _current.Add(item);
        if (_current.Count >= _batchSize)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_current.Count == 0)
        {
            return;
        }

        if (_preparer.IsFaulted)
        {
            await _preparer.ConfigureAwait(false); // surfaces the error
        }

        if (_consumer.IsFaulted)
        {
            await _consumer.ConfigureAwait(false); // surfaces the write error
        }

        await _pending.Writer.WriteAsync(_current, cancellationToken).ConfigureAwait(false);
        _current = new List<Item>(_batchSize);
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in _pending.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var stored = new StoredDocument[batch.Count];
                Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                {
                    var document = batch[i].Stored ?? DocumentMapper.ToStored(batch[i].Document!);
                    _store.Prepare(document);
                    stored[i] = document;
                });
                await _ready.Writer.WriteAsync(stored, cancellationToken).ConfigureAwait(false);
            }

            _ready.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            _pending.Writer.TryComplete();
            _ready.Writer.TryComplete(ex);
            throw;
        }
    }

    private async Task ConsumeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in _ready.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var result = await _store.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                (_added, _revised, _unchanged) = (_added + result.Added, _revised + result.Revised, _unchanged + result.Unchanged);
                await _committed(_added + _revised + _unchanged, result).ConfigureAwait(false);
            }
        }
        catch
        {
            _pending.Writer.TryComplete();
            throw;
        }
    }

    /// <summary>A document as added: extracted, or already in its stored form.</summary>
    private readonly record struct Item(Document? Document, StoredDocument? Stored);
}
