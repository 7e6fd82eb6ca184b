using System.CommandLine;
using System.Text;
using System.Text.Json;
using Communique.Core;
using Communique.Extraction;
using Communique.Ingest;

namespace Communique.Cli;

/// <summary><c>communique extract</c>: documents in, DESIGN §3 JSON out.</summary>
internal static class ExtractCommand
{
    public static Command Create(ICommandIo io)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Files, directories (read recursively) or '-' for standard input.", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "json (one object, or an array for several), jsonl, or text.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "jsonl", "text");
        var options = new CommonOptions();
        var includeText = new Option<bool>("--include-text") { Description = "Add the analysed text as a \"text\" field." };
        var command = new Command("extract", "Extract people, places, organisations, figures, dates and topics, with character offsets.") { inputs, format, includeText };
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var extractor = options.CreateExtractor(parse);
            var sources = SourceReader.Expand(parse.GetValue(inputs) ?? []).ToList();
            var fmt = parse.GetValue(format) ?? "json";
            var array = fmt == "json" && sources.Count != 1;
            var stdout = io.StandardOutput;
            var succeeded = 0;
            var failed = 0;
            var textWriter = fmt == "text" ? new StreamWriter(stdout, new UTF8Encoding(false), leaveOpen: true) : null;
            await using (textWriter)
            {
                using var json = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = fmt == "json", Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                if (array)
                {
                    json.WriteStartArray();
                }

                await foreach (var item in extractor.RunAsync(sources, io.StandardInput, cancellationToken).ConfigureAwait(false))
                {
                    if (item.Document is null)
                    {
                        failed++;
                        await WriteErrorAsync(io, item).ConfigureAwait(false);
                        continue;
                    }

                    succeeded++;
                    if (textWriter is not null)
                    {
                        await TextReport.WriteAsync(textWriter, item.Document).ConfigureAwait(false);
                        continue;
                    }

                    DocumentJson.Write(json, item.Document, parse.GetValue(includeText));
                    if (fmt == "jsonl")
                    {
                        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                        json.Reset();
                        stdout.WriteByte((byte)'\n');
                    }
                }

                if (array)
                {
                    json.WriteEndArray();
                }

                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (fmt == "json")
                {
                    stdout.WriteByte((byte)'\n');
                }
            }

            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (succeeded == 0)
            {
                await io.Error.WriteLineAsync(failed == 0 ? "error CQ2008: no input documents." : $"error: all {failed} input(s) failed.").ConfigureAwait(false);
                return 1;
            }

            return 0;
        });
        return command;
    }

    public static Task WriteErrorAsync(ICommandIo io, BatchItem item) => io.Error.WriteLineAsync(ErrorLine(item));

    /// <summary>The JSON error line for a failed item.</summary>
    public static string ErrorLine(BatchItem item)
    {
        var error = item.Error ?? new CommuniqueException(ErrorCatalog.ComponentFailed, "Unknown failure.", item.Source);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            DocumentJson.WriteError(json, item.Source, error);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary>Options shared by the commands that read documents.</summary>
internal sealed class CommonOptions
{
    private readonly Option<string?> _url = new("--url") { Description = "Original URL of the document (overrides the header or page)." };
    private readonly Option<string?> _site = new("--site") { Description = "Publishing site, e.g. akorda.kz (overrides the header or page)." };
    private readonly Option<string?> _published = new("--published") { Description = "Publication date YYYY-MM-DD (overrides the header or page)." };
    private readonly Option<string?> _lexicons = new("--lexicons") { Description = "Directory of lexicon files that replace the embedded ones of the same name." };
    private readonly Option<int> _parallel = new("--parallel") { Description = "Documents processed at once (default: number of cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
    public Option<long> MaxBytes => _maxBytes;

    private readonly Option<long> _maxBytes = new("--max-bytes") { Description = "Largest input read, in bytes.", DefaultValueFactory = _ => InputLimits.Default.MaxInputBytes };
    private readonly Option<int> _maxChars = new("--max-chars") { Description = "Most characters analysed per document.", DefaultValueFactory = _ => InputLimits.Default.MaxTextChars };

    public void AddTo(Command command)
    {
        command.Add(_url);
        command.Add(_site);
        command.Add(_published);
        command.Add(_lexicons);
        command.Add(_parallel);
        command.Add(_maxBytes);
        command.Add(_maxChars);
    }

    public Lexicons Lexicons(ParseResult parse) => Communique.Extraction.Lexicons.Load(parse.GetValue(_lexicons));

    public Pipeline CreatePipeline(ParseResult parse) => ExtractionPipeline.Create(new ExtractionOptions { LexiconDirectory = parse.GetValue(_lexicons) });

    public BatchExtractor CreateExtractor(ParseResult parse)
    {
        var overrides = new MetadataOverrides(parse.GetValue(_url), parse.GetValue(_site), CommandLine.ParseDate(parse.GetValue(_published), "--published"));
        var maxBytes = parse.GetValue(_maxBytes);
        var limits = new InputLimits { MaxInputBytes = maxBytes, MaxDecompressedBytes = Math.Max(maxBytes * 2, InputLimits.Default.MaxDecompressedBytes), MaxTextChars = parse.GetValue(_maxChars) };
        var pipeline = ExtractionPipeline.Create(new ExtractionOptions { LexiconDirectory = parse.GetValue(_lexicons) });
        return new BatchExtractor(pipeline, new SourceReader(limits, overrides: overrides), parse.GetValue(_parallel));
    }
}
