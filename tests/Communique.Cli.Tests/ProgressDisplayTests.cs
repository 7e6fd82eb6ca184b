namespace Communique.Cli.Tests;

public sealed class ProgressDisplayTests
{
    [Fact]
    public async Task Plain_display_passes_messages_through_and_rate_limits_progress_lines()
    {
        var io = new BufferIo();
        var result = await ProgressDisplay.RunAsync(io, "store", async progress =>
        {
            for (var i = 1; i <= 1000; i++)
            {
                progress.Update(c => c with { Read = c.Read + 1 });
            }

            await progress.WriteLineAsync("{\"error\":\"CQ2001\"}");
            await progress.CommittedAsync(256);
            return progress.Counts.Read;
        });

        Assert.Equal(1000, result);
        var lines = io.ErrorText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // 1,000 updates within far less than the interval: no progress line yet, only the message and the
        // commit line that scripts read as the durable count.
        Assert.Equal(2, lines.Length);
        Assert.Equal("{\"error\":\"CQ2001\"}", lines[0]);
        Assert.StartsWith("stored 256 documents (", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_describe_themselves_with_a_rate()
    {
        var text = new ProgressCounts(120, 100, 3, 2, null).Describe(TimeSpan.FromSeconds(4));
        Assert.Equal("read 120, stored 100, 3 failed, 2 duplicates (4.0 s, 30 documents/s)", text);
    }
}
