using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Communique.Cli;

/// <summary>Counts of a long run, as shown while it goes.</summary>
internal readonly record struct ProgressCounts(int Read, int Stored, int Failed, int Duplicates, string? Current)
{
    public string Describe(TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture,
        $"read {Read:N0}, stored {Stored:N0}, {Failed:N0} failed, {Duplicates:N0} duplicates ({elapsed.TotalSeconds:0.0} s, {Read / Math.Max(elapsed.TotalSeconds, 0.001):0} documents/s)");
}

/// <summary>
/// Progress of a long run (run, ingest) on standard error: a live Spectre.Console line with a spinner on a
/// terminal; plain lines, at most one every <see cref="PlainInterval"/>, when standard error is a file or a
/// pipe (CI logs stay readable). Messages written meanwhile (errors for single documents) appear above
/// the live line without garbling it. The final summary is the caller's.
/// </summary>
internal abstract class ProgressDisplay
{
    /// <summary>Least time between two plain progress lines.</summary>
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private ProgressCounts _counts;

    protected Stopwatch Clock { get; } = Stopwatch.StartNew();

    /// <summary>The latest counts.</summary>
    public ProgressCounts Counts
    {
        get
        {
            lock (_lock)
            {
                return _counts;
            }
        }
    }

    /// <summary>Runs <paramref name="body"/> with a display fitting <paramref name="io"/>'s standard error.</summary>
    public static async Task<T> RunAsync<T>(ICommandIo io, string title, Func<ProgressDisplay, Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(io);
        ArgumentNullException.ThrowIfNull(body);
        if (!io.IsErrorTerminal)
        {
            return await body(new PlainProgress(io.Error)).ConfigureAwait(false);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(io.Error) });
        return await console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title));
                task.IsIndeterminate = true;
                var result = await body(new LiveProgress(console, task, title)).ConfigureAwait(false);
                task.StopTask();
                return result;
            }).ConfigureAwait(false);
    }

    /// <summary>Changes the counts; <paramref name="update"/> gets the current ones.</summary>
    public void Update(Func<ProgressCounts, ProgressCounts> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        ProgressCounts counts;
        lock (_lock)
        {
            _counts = counts = update(_counts);
        }

        Show(counts);
    }

    /// <summary>
    /// A batch was committed: <paramref name="stored"/> documents are now durable. Plain output prints
    /// "stored N documents (T s)" at once — scripts (scripts/kill-test.sh) read it as the committed count.
    /// </summary>
    public Task CommittedAsync(int stored)
    {
        Update(c => c with { Stored = stored });
        return OnCommittedAsync(stored);
    }

    /// <summary>Writes a message line (an error for one document) without disturbing the display.</summary>
    public abstract Task WriteLineAsync(string line);

    protected abstract Task OnCommittedAsync(int stored);

    protected abstract void Show(ProgressCounts counts);

    private sealed class PlainProgress(TextWriter error) : ProgressDisplay
    {
        private readonly Lock _gate = new();
        private TimeSpan _last;

        public override Task WriteLineAsync(string line) => error.WriteLineAsync(line);

        protected override Task OnCommittedAsync(int stored) =>
            error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"stored {stored:N0} documents ({Clock.Elapsed.TotalSeconds:0.0} s)"));

        protected override void Show(ProgressCounts counts)
        {
            var now = Clock.Elapsed;
            lock (_gate)
            {
                if (now - _last < PlainInterval)
                {
                    return;
                }

                _last = now;
            }

            error.WriteLine(counts.Describe(now));
        }
    }

    private sealed class LiveProgress(IAnsiConsole console, ProgressTask task, string title) : ProgressDisplay
    {
        public override Task WriteLineAsync(string line)
        {
            console.WriteLine(line);
            return Task.CompletedTask;
        }

        protected override Task OnCommittedAsync(int stored) => Task.CompletedTask;

        protected override void Show(ProgressCounts counts)
        {
            var current = counts.Current is { Length: > 0 } c ? " · " + (c.Length > 60 ? "…" + c[^59..] : c) : string.Empty;
            task.Description = Markup.Escape($"{title}: {counts.Describe(Clock.Elapsed)}{current}");
        }
    }
}
