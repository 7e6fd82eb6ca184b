using System.Text;
using Communique.Cli;
using Communique.Tests;

namespace Communique.Server.Tests;

/// <summary>`communique run --no-serve`, `check` and the exports from a store, through the command line.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("communique-run-").FullName;

    private string Db => Path.Combine(_dir, "store.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static async Task<(int Code, BufferIo Io)> Run(params string[] args)
    {
        var io = new BufferIo();
        var code = await CommandLine.RunAsync(args, io, CancellationToken.None);
        return (code, io);
    }

    [Fact]
    public async Task Run_stores_the_samples_once_and_a_second_run_changes_nothing()
    {
        var samples = Path.Combine(SharedData.RepositoryRoot, "samples");
        var first = await Run("run", samples, "--db", Db, "--no-serve");
        Assert.Equal(0, first.Code);
        var count = Directory.GetFiles(samples, "*.txt").Length;
        Assert.Contains($"{count} documents stored ({count} new, 0 revised, 0 unchanged), 0 failed", first.Io.ErrorText, StringComparison.Ordinal);
        var second = await Run("run", samples, "--db", Db, "--no-serve");
        Assert.Contains($"({0} new, 0 revised, {count} unchanged)", second.Io.ErrorText, StringComparison.Ordinal);
        var check = await Run("check", "--db", Db);
        Assert.Equal(0, check.Code);
        Assert.Equal($"ok\t{count}", check.Io.OutputText.Trim());
    }

    [Fact]
    public async Task A_bad_input_is_reported_and_the_rest_is_stored()
    {
        var good = Path.Combine(_dir, "good.txt");
        var bad = Path.Combine(_dir, "bad.txt");
        await File.WriteAllTextAsync(good, "date 2025-09-30 Talks | akorda.kz\n\n" + Fixtures.Talks);
        await File.WriteAllBytesAsync(bad, [0, 1, 2, 0, 0, 0, 255, 254, 0, 0, 7, 0, 0, 0]);
        var result = await Run("run", good, bad, "--db", Db, "--no-serve");
        Assert.Equal(0, result.Code);
        Assert.Contains("\"error\":\"CQ", result.Io.ErrorText, StringComparison.Ordinal);
        Assert.Contains("1 documents stored (1 new, 0 revised, 0 unchanged), 1 failed", result.Io.ErrorText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_store_exports_jsonl_csv_polecat_gdelt_and_parquet()
    {
        var samples = Path.Combine(SharedData.RepositoryRoot, "samples");
        Assert.Equal(0, (await Run("run", samples, "--db", Db, "--no-serve")).Code);
        var jsonl = await Run("export", "--db", Db, "--format", "jsonl");
        Assert.Equal(Directory.GetFiles(samples, "*.txt").Length, jsonl.Io.OutputText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var polecat = (await Run("export", "--db", Db, "--format", "polecat")).Io.OutputText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var csv = (await Run("export", "--db", Db, "--format", "csv")).Io.OutputText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var gdelt = (await Run("export", "--db", Db, "--format", "gdelt")).Io.OutputText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(polecat);
        Assert.Equal(polecat.Length + 1, csv.Length);
        Assert.Equal(polecat.Length, gdelt.Length);
        Assert.All(gdelt, row => Assert.Equal(61, row.Split('\t').Length));
        var parquet = Path.Combine(_dir, "events.parquet");
        Assert.Equal(0, (await Run("export", "--db", Db, "--format", "parquet", "--output", parquet)).Code);
        var bytes = await File.ReadAllBytesAsync(parquet);
        Assert.Equal("PAR1", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal("PAR1", Encoding.ASCII.GetString(bytes, bytes.Length - 4, 4));
        using var stream = File.OpenRead(parquet);
        var rows = await Parquet.Serialization.ParquetSerializer.DeserializeAsync<ExportRow>(stream);
        Assert.Equal(polecat.Length, rows.Data.Count);
    }
}
