using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Communique.Core;
using Communique.Extraction;

namespace Communique.Cli;

/// <summary><c>communique eval</c>: precision, recall and F1 per field against gold files, with floors.</summary>
internal static class EvalCommand
{
    public static Command Create(ICommandIo io)
    {
        var gold = new Option<string>("--gold") { Description = "Directory of gold files (DESIGN §4).", Required = true };
        var pred = new Option<string?>("--pred") { Description = "Predictions: a JSON array, object or JSON-lines file from 'communique extract'." };
        var inputs = new Argument<string[]>("inputs") { Description = "Documents to extract and score (instead of --pred).", Arity = ArgumentArity.ZeroOrMore };
        var floors = new Option<string?>("--min") { Description = "Floors, e.g. people=0.95,countries=0.97,figures=0.95; exit 1 when a score is below." };
        var details = new Option<bool>("--details") { Description = "List every miss and extra." };
        var jsonOut = new Option<bool>("--json") { Description = "Print the scores as JSON." };
        var options = new CommonOptions();
        var command = new Command("eval", "Score extraction against gold files.") { gold, pred, inputs, floors, details, jsonOut };
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var goldDir = parse.GetValue(gold)!;
            if (!Directory.Exists(goldDir))
            {
                throw new CommuniqueException(ErrorCatalog.NotFound, $"Gold directory '{goldDir}' does not exist.", goldDir, "Give the folder holding the gold .json files.");
            }

            var golds = LoadGold(goldDir);
            var predictions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            var predFile = parse.GetValue(pred);
            if (predFile is not null)
            {
                foreach (var p in JsonRead.ParseOutput(await File.ReadAllTextAsync(predFile, cancellationToken).ConfigureAwait(false), predFile))
                {
                    AddPrediction(predictions, p);
                }
            }
            else
            {
                var extractor = options.CreateExtractor(parse);
                var sources = parse.GetValue(inputs) ?? [];
                if (sources.Length == 0)
                {
                    throw new CommuniqueException(ErrorCatalog.BadOption, "Give --pred FILE or the documents to extract.", hint: "e.g. communique eval --gold ../shared/eval/dev ../shared/eval/dev");
                }

                await foreach (var item in extractor.RunAsync(sources, io.StandardInput, cancellationToken).ConfigureAwait(false))
                {
                    if (item.Document is null)
                    {
                        await ExtractCommand.WriteErrorAsync(io, item).ConfigureAwait(false);
                        continue;
                    }

                    AddPrediction(predictions, JsonRead.ToElement(item.Document));
                }
            }

            var evaluator = new Evaluator(options.Lexicons(parse));
            foreach (var g in golds)
            {
                var doc = g.TryGetProperty("doc", out var d) ? d.GetString() ?? string.Empty : string.Empty;
                evaluator.Score(g, predictions.TryGetValue(doc, out var p) ? p : null);
            }

            var output = new StreamWriter(io.StandardOutput, new UTF8Encoding(false), leaveOpen: true);
            await using (output)
            {
                if (parse.GetValue(jsonOut))
                {
                    await output.WriteLineAsync(ReportJson(evaluator)).ConfigureAwait(false);
                }
                else
                {
                    await WriteTableAsync(output, evaluator, parse.GetValue(details)).ConfigureAwait(false);
                }
            }

            var failures = CheckFloors(parse.GetValue(floors), evaluator);
            foreach (var failure in failures)
            {
                await io.Error.WriteLineAsync($"error {ErrorCatalog.BelowFloor}: {failure}").ConfigureAwait(false);
            }

            return failures.Count == 0 ? 0 : 1;
        });
        return command;
    }

    private static void AddPrediction(Dictionary<string, JsonElement> predictions, JsonElement p)
    {
        if (!p.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (source.TryGetProperty("path", out var path) && path.ValueKind == JsonValueKind.String)
        {
            predictions[Path.GetFileName(path.GetString()!)] = p;
        }

        if (source.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String)
        {
            predictions[url.GetString()!] = p;
        }
    }

    internal static List<JsonElement> LoadGold(string directory)
    {
        var result = new List<JsonElement>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                var root = JsonDocument.Parse(File.ReadAllText(file)).RootElement;
                if (root.ValueKind == JsonValueKind.Array)
                {
                    result.AddRange(root.EnumerateArray().Select(e => e.Clone()));
                }
                else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("doc", out _))
                {
                    result.Add(root.Clone());
                }
            }
            catch (JsonException ex)
            {
                throw new CommuniqueException(ErrorCatalog.GoldFormat, $"Gold file '{file}' is not valid JSON: {ex.Message}", file, "Fix the file or move it out of the gold folder.", ex);
            }
        }

        return result;
    }

    private static async Task WriteTableAsync(TextWriter output, Evaluator evaluator, bool details)
    {
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{evaluator.Documents} gold documents, {evaluator.MissingPredictions.Count} without a prediction")).ConfigureAwait(false);
        await output.WriteLineAsync("field            precision  recall     F1   gold-tp  fp  fn").ConfigureAwait(false);
        foreach (var name in Evaluator.FieldOrder)
        {
            var f = evaluator.Fields[name];
            var line = f.IsAccuracy
                ? string.Create(CultureInfo.InvariantCulture, $"{name,-16}  accuracy {f.Score,12:0.000}   {f.TruePositives,7} {"",3} {f.FalseNegatives,3}")
                : string.Create(CultureInfo.InvariantCulture, $"{name,-16} {f.Precision,9:0.000} {f.Recall,7:0.000} {f.F1,6:0.000}   {f.TruePositives,7} {f.FalsePositives,3} {f.FalseNegatives,3}");
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }

        if (evaluator.MissingPredictions.Count > 0)
        {
            await output.WriteLineAsync("no prediction for: " + string.Join(", ", evaluator.MissingPredictions)).ConfigureAwait(false);
        }

        if (details)
        {
            foreach (var name in Evaluator.FieldOrder)
            {
                var causes = evaluator.Fields[name].Causes;
                if (causes.Count == 0)
                {
                    continue;
                }

                await output.WriteLineAsync($"{name} by cause:").ConfigureAwait(false);
                foreach (var (cause, items) in causes.OrderByDescending(c => c.Value.Count))
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {items.Count,4}  {cause}")).ConfigureAwait(false);
                }

                foreach (var (cause, items) in causes.OrderByDescending(c => c.Value.Count))
                {
                    await output.WriteLineAsync($"  {cause}:").ConfigureAwait(false);
                    foreach (var item in items)
                    {
                        await output.WriteLineAsync("    " + item).ConfigureAwait(false);
                    }
                }
            }

            foreach (var name in Evaluator.FieldOrder)
            {
                foreach (var miss in evaluator.Fields[name].Misses)
                {
                    await output.WriteLineAsync($"  [{name}] {miss}").ConfigureAwait(false);
                }
            }
        }
    }

    private static string ReportJson(Evaluator evaluator)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("documents", evaluator.Documents);
            writer.WriteStartObject("fields");
            foreach (var name in Evaluator.FieldOrder)
            {
                var f = evaluator.Fields[name];
                writer.WriteStartObject(name);
                writer.WriteNumber("score", Math.Round(f.Score, 4));
                writer.WriteNumber("precision", Math.Round(f.Precision, 4));
                writer.WriteNumber("recall", Math.Round(f.Recall, 4));
                writer.WriteNumber("f1", Math.Round(f.F1, 4));
                writer.WriteNumber("tp", f.TruePositives);
                writer.WriteNumber("fp", f.FalsePositives);
                writer.WriteNumber("fn", f.FalseNegatives);
                if (f.Causes.Count > 0)
                {
                    writer.WriteStartObject("causes");
                    foreach (var (cause, items) in f.Causes.OrderByDescending(c => c.Value.Count))
                    {
                        writer.WriteNumber(cause, items.Count);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static List<string> CheckFloors(string? spec, Evaluator evaluator)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(spec))
        {
            return failures;
        }

        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('=', 2);
            if (pieces.Length != 2 || !double.TryParse(pieces[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var floor) || !evaluator.Fields.TryGetValue(pieces[0], out var field))
            {
                throw new CommuniqueException(ErrorCatalog.BadOption, $"--min '{part}' is not field=value with a known field.", hint: "Fields: " + string.Join(", ", Evaluator.FieldOrder));
            }

            if (field.Score < floor)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{field.Name} {field.Score:0.000} is below the floor {floor:0.000}"));
            }
        }

        return failures;
    }
}
