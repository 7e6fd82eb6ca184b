using System.CommandLine;
using System.Globalization;
using Communique.Core;

namespace Communique.Cli;

/// <summary>The <c>communique</c> command and its subcommands.</summary>
internal static class CommandLine
{
    public static async Task<int> RunAsync(string[] args, ICommandIo io, CancellationToken cancellationToken)
    {
        var root = new RootCommand("Communique: structured, evidenced political event data from official press releases.");
        root.Add(ExtractCommand.Create(io));
        root.Add(EvalCommand.Create(io));
        root.Add(BenchCommand.Create(io));
        root.Add(ExportCommand.Create(io));
        root.Add(CodeCommand.Create(io));
        root.Add(RunCommand.CreateRun(io));
        root.Add(RunCommand.CreateServe(io));
        root.Add(RunCommand.CreateCheck(io));
        root.Add(StoreBenchCommand.Create(io));
        root.Add(IngestCommand.Create(io));
        var parse = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = new StreamWriter(io.StandardOutput) { AutoFlush = true }, Error = io.Error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (CommuniqueException ex)
        {
            await io.Error.WriteLineAsync($"error {ex.Code}: {ex.Message}{(ex.Hint is null ? string.Empty : " " + ex.Hint)}").ConfigureAwait(false);
            return 2;
        }
        catch (OperationCanceledException)
        {
            await io.Error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return 130;
        }
    }

    /// <summary>Parses YYYY-MM-DD or throws a coded error.</summary>
    public static DateOnly? ParseDate(string? value, string option)
    {
        if (value is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CommuniqueException(ErrorCatalog.BadOption, $"{option} '{value}' is not a date.", hint: "Write it as YYYY-MM-DD.");
    }
}
