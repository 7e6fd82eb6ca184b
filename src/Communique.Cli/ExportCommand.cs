using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Communique.Core;
using static Communique.Cli.JsonRead;

namespace Communique.Cli;

/// <summary>
/// <c>communique export</c>: events as POLECAT-style JSON lines or as rows of the GDELT 2.0 event table,
/// from <c>extract</c> output (.json/.jsonl) or from documents, which are extracted first.
/// Negated events are never exported as events.
/// </summary>
internal static class ExportCommand
{
    /// <summary>The 61 columns of the GDELT 2.0 event table, in order.</summary>
    public static readonly string[] GdeltColumns =
    [
        "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
        "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode", "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
        "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode", "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
        "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
        "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
        "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
        "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
        "DATEADDED", "SOURCEURL",
    ];

    public static Command Create(ICommandIo io)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "extract output (.json, .jsonl) or documents to extract; '-' reads extract output from standard input.", Arity = ArgumentArity.ZeroOrMore };
        var format = new Option<string>("--format") { Description = "polecat (JSON lines), gdelt (tab-separated, 61 columns), jsonl (DESIGN §3 records), csv or parquet (one row per event).", Required = true };
        format.AcceptOnlyFromAmong("polecat", "gdelt", "jsonl", "csv", "parquet");
        var header = new Option<bool>("--header") { Description = "gdelt: print the column names first." };
        var db = new Option<string?>("--db") { Description = "Export every document of a store written by 'communique run'." };
        var outputFile = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output (parquet needs it when standard output is a terminal)." };
        var options = new CommonOptions();
        var command = new Command("export", "Export documents or events: POLECAT, GDELT, JSON lines, CSV or Parquet.") { inputs, format, header, db, outputFile };
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var fmt = parse.GetValue(format)!;
            var target = parse.GetValue(outputFile) is { } path ? File.Create(path) : io.StandardOutput;
            await using var targetScope = target == io.StandardOutput ? null : target;
            var output = new StreamWriter(target, new UTF8Encoding(false), leaveOpen: true);
            var parquetRows = new List<ExportRow>();
            var exported = 0;
            await using (output)
            {
                if (fmt == "gdelt" && parse.GetValue(header))
                {
                    await output.WriteLineAsync(string.Join('\t', GdeltColumns)).ConfigureAwait(false);
                }

                if (fmt == "csv")
                {
                    await output.WriteLineAsync(string.Join(',', ExportRow.Columns)).ConfigureAwait(false);
                }

                await foreach (var (doc, raw) in DocumentsAsync(io, parse, parse.GetValue(inputs) ?? [], parse.GetValue(db), options, cancellationToken).ConfigureAwait(false))
                {
                    exported++;
                    switch (fmt)
                    {
                        case "gdelt":
                            foreach (var row in Gdelt(doc))
                            {
                                await output.WriteLineAsync(row).ConfigureAwait(false);
                            }

                            break;
                        case "jsonl":
                            await output.WriteLineAsync(raw ?? doc.GetRawText()).ConfigureAwait(false);
                            break;
                        case "csv":
                            foreach (var row in EventRows(doc))
                            {
                                await output.WriteLineAsync(string.Join(',', row.Values().Select(Csv))).ConfigureAwait(false);
                            }

                            break;
                        case "parquet":
                            parquetRows.AddRange(EventRows(doc));
                            break;
                        default:
                            foreach (var line in Polecat(doc))
                            {
                                await output.WriteLineAsync(line).ConfigureAwait(false);
                            }

                            break;
                    }
                }
            }

            if (fmt == "parquet")
            {
                using var buffer = new MemoryStream();
                await Parquet.Serialization.ParquetSerializer.SerializeAsync(parquetRows, buffer, cancellationToken: cancellationToken).ConfigureAwait(false);
                buffer.Position = 0;
                await buffer.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            }

            await target.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (exported == 0)
            {
                await io.Error.WriteLineAsync("error CQ2008: nothing to export (give extract output, documents or --db).").ConfigureAwait(false);
                return 1;
            }

            return 0;
        });
        return command;
    }

    private static async IAsyncEnumerable<(JsonElement Doc, string? Raw)> DocumentsAsync(ICommandIo io, ParseResult parse, string[] inputs, string? db, CommonOptions options,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (db is not null)
        {
            await using var store = await RunCommand.OpenStoreAsync(db, mustExist: true, null, cancellationToken).ConfigureAwait(false);
            await foreach (var json in store.DocumentRecordsAsync(cancellationToken).ConfigureAwait(false))
            {
                using var parsed = JsonDocument.Parse(json);
                yield return (parsed.RootElement.Clone(), json);
            }
        }

        var toExtract = new List<string>();
        foreach (var input in inputs)
        {
            if (input == "-")
            {
                using var reader = new StreamReader(io.StandardInput);
                foreach (var doc in ParseOutput(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false), "-"))
                {
                    yield return (doc, null);
                }
            }
            else if (input.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || input.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var doc in ParseOutput(await File.ReadAllTextAsync(input, cancellationToken).ConfigureAwait(false), input))
                {
                    yield return (doc, null);
                }
            }
            else
            {
                toExtract.Add(input);
            }
        }

        if (toExtract.Count > 0)
        {
            await foreach (var item in options.CreateExtractor(parse).RunAsync(toExtract, io.StandardInput, cancellationToken).ConfigureAwait(false))
            {
                if (item.Document is null)
                {
                    await ExtractCommand.WriteErrorAsync(io, item).ConfigureAwait(false);
                    continue;
                }

                yield return (ToElement(item.Document), null);
            }
        }
    }

    private static string Csv(string? value) =>
        value is null ? string.Empty
        : value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>One flat row per (non-negated) event, for CSV and Parquet.</summary>
    internal static IEnumerable<ExportRow> EventRows(JsonElement doc)
    {
        foreach (var line in Polecat(doc))
        {
            using var json = JsonDocument.Parse(line);
            var e = json.RootElement;
            yield return new ExportRow
            {
                Id = Str(e, "id") ?? string.Empty,
                Date = Str(e, "date"),
                Event = Str(e, "event") ?? string.Empty,
                Mode = Str(e, "mode"),
                Cameo = Str(e, "cameo"),
                Actor = Str(e, "actor"),
                ActorCountry = Str(e, "actor_country"),
                ActorCode = Str(e, "actor_code"),
                Recipient = Str(e, "recipient"),
                RecipientCountry = Str(e, "recipient_country"),
                RecipientCode = Str(e, "recipient_code"),
                Historical = e.GetProperty("historical").GetBoolean(),
                Future = e.GetProperty("future").GetBoolean(),
                Evidence = Str(e, "evidence"),
                Trigger = Str(e, "trigger"),
                Why = e.TryGetProperty("why", out var why) && why.ValueKind == JsonValueKind.Array ? string.Join(" | ", why.EnumerateArray().Select(r => r.GetString())) : null,
                SourceUrl = Str(e, "source_url"),
                Site = Str(e, "site"),
                Headline = Str(e, "headline"),
            };
        }
    }

    private static IEnumerable<(JsonElement Event, int Index)> Events(JsonElement doc) =>
        JsonRead.Array(doc, "events").Select((e, i) => (e, i)).Where(x => !(x.e.TryGetProperty("negated", out var n) && n.ValueKind == JsonValueKind.True));

    /// <summary>POLECAT-style records: id, date, actor, recipient, event, mode, context, evidence, and more.</summary>
    internal static IEnumerable<string> Polecat(JsonElement doc)
    {
        var people = Array(doc, "people").ToDictionary(p => Str(p, "id") ?? string.Empty, p => Str(p, "name"));
        var topics = Array(doc, "topics").Select(t => Str(t, "label")).OfType<string>().Distinct().ToList();
        foreach (var (e, i) in Events(doc))
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteString("id", $"{Str(doc, "id")}-{i + 1}");
                w.WriteString("date", Str(e, "date") ?? Str(doc, "published"));
                WriteSide(w, "actor", Array(e, "actor"), people);
                WriteSide(w, "recipient", Array(e, "recipient"), people);
                w.WriteString("event", Str(e, "type"));
                Optional(w, "mode", Str(e, "mode"));
                w.WriteString("cameo", Str(e, "cameo"));
                w.WriteStartArray("context");
                foreach (var t in topics)
                {
                    w.WriteStringValue(t);
                }

                w.WriteEndArray();
                w.WriteString("evidence", e.TryGetProperty("evidence", out var ev) ? Str(ev, "text") : null);
                // Why it was coded: the trigger words of the first mention and the reasons, as `extract` gives them.
                Optional(w, "trigger", Array(e, "triggers").Select(t => Str(t, "text")).FirstOrDefault());
                if (e.TryGetProperty("why", out var why) && why.ValueKind == JsonValueKind.Array)
                {
                    w.WritePropertyName("why");
                    why.WriteTo(w);
                }

                w.WriteBoolean("historical", e.TryGetProperty("historical", out var h) && h.ValueKind == JsonValueKind.True);
                w.WriteBoolean("future", e.TryGetProperty("future", out var f) && f.ValueKind == JsonValueKind.True);
                var source = doc.TryGetProperty("source", out var s) ? s : default;
                Optional(w, "source_url", source.ValueKind == JsonValueKind.Object ? Str(source, "url") : null);
                Optional(w, "site", source.ValueKind == JsonValueKind.Object ? Str(source, "site") : null);
                Optional(w, "headline", Str(doc, "title"));
                Optional(w, "story_date", Str(doc, "published"));
                w.WriteEndObject();
            }

            yield return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }

    /// <summary>GDELT 2.0 event rows; columns we have no data for are left empty.</summary>
    internal static IEnumerable<string> Gdelt(JsonElement doc)
    {
        var people = Array(doc, "people").ToDictionary(p => Str(p, "id") ?? string.Empty, p => Str(p, "name"));
        var source = doc.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        var url = source.ValueKind == JsonValueKind.Object ? Str(source, "url") ?? Str(source, "path") : null;
        foreach (var (e, i) in Events(doc))
        {
            var row = new string[GdeltColumns.Length];
            System.Array.Fill(row, string.Empty);
            var date = ParseDate(Str(e, "date")) ?? ParseDate(Str(doc, "published"));
            var id = ulong.Parse(Str(doc, "id")![..12], NumberStyles.HexNumber, CultureInfo.InvariantCulture) * 100 + (ulong)(i + 1);
            row[0] = id.ToString(CultureInfo.InvariantCulture);
            if (date is { } d)
            {
                row[1] = d.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
                row[2] = d.ToString("yyyyMM", CultureInfo.InvariantCulture);
                row[3] = d.Year.ToString(CultureInfo.InvariantCulture);
                row[4] = (d.Year + ((d.DayOfYear - 1) / 365.0)).ToString("0.0000", CultureInfo.InvariantCulture);
                row[59] = d.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "000000";
            }

            FillActor(row, 5, Array(e, "actor").FirstOrDefault(), people);
            FillActor(row, 15, Array(e, "recipient").FirstOrDefault(), people);
            var cameo = Str(e, "cameo") ?? string.Empty;
            row[25] = i == 0 ? "1" : "0";
            row[26] = cameo;
            row[27] = cameo.Length >= 3 ? cameo[..3] : cameo;
            row[28] = cameo.Length >= 2 ? cameo[..2] : cameo;
            row[29] = QuadClass(cameo);
            var evidence = e.TryGetProperty("evidence_all", out var all) && all.ValueKind == JsonValueKind.Array ? all.GetArrayLength() : 1;
            row[31] = evidence.ToString(CultureInfo.InvariantCulture);
            row[32] = "1";
            row[33] = "1";
            row[60] = url ?? string.Empty;
            yield return string.Join('\t', row.Select(v => v.Replace('\t', ' ').Replace('\n', ' ')));
        }
    }

    private static void FillActor(string[] row, int at, JsonElement actor, Dictionary<string, string?> people)
    {
        if (actor.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var code = Str(actor, "code") ?? string.Empty;
        var country = Str(actor, "country") ?? string.Empty;
        row[at] = code;
        row[at + 1] = (Str(actor, "ref") is { } r && people.TryGetValue(r, out var name) ? name : country)?.ToUpperInvariant() ?? string.Empty;
        row[at + 2] = country;
        row[at + 7] = code.Length > 3 ? code[3..] : string.Empty;
    }

    private static string QuadClass(string cameo)
    {
        // CAMEO roots 01–05 verbal cooperation, 06–08 material cooperation, 09–13 verbal conflict, 14–20 material conflict.
        if (cameo.Length < 2 || !int.TryParse(cameo[..2], NumberStyles.None, CultureInfo.InvariantCulture, out var root))
        {
            return string.Empty;
        }

        return root switch { <= 5 => "1", <= 8 => "2", <= 13 => "3", _ => "4" };
    }

    private static DateOnly? ParseDate(string? value) =>
        value is { Length: >= 10 } && DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static void WriteSide(Utf8JsonWriter w, string name, IEnumerable<JsonElement> sides, Dictionary<string, string?> people)
    {
        var list = sides.ToList();
        w.WriteString(name, string.Join(";", list.Select(a => Str(a, "ref") is { } r && people.TryGetValue(r, out var n) && n is not null ? n : Str(a, "country"))));
        w.WriteString(name + "_country", string.Join(";", list.Select(a => Str(a, "country"))));
        w.WriteString(name + "_code", string.Join(";", list.Select(a => Str(a, "code"))));
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}

/// <summary>One event as a flat row (CSV and Parquet exports).</summary>
internal sealed class ExportRow
{
    public static readonly string[] Columns =
        ["id", "date", "event", "mode", "cameo", "actor", "actor_country", "actor_code", "recipient", "recipient_country", "recipient_code", "historical", "future", "evidence", "trigger", "why", "source_url", "site", "headline"];

    public string Id { get; init; } = string.Empty;

    public string? Date { get; init; }

    public string Event { get; init; } = string.Empty;

    public string? Mode { get; init; }

    public string? Cameo { get; init; }

    public string? Actor { get; init; }

    public string? ActorCountry { get; init; }

    public string? ActorCode { get; init; }

    public string? Recipient { get; init; }

    public string? RecipientCountry { get; init; }

    public string? RecipientCode { get; init; }

    public bool Historical { get; init; }

    public bool Future { get; init; }

    public string? Evidence { get; init; }

    public string? Trigger { get; init; }

    /// <summary>The reasons for the coding, joined by " | ".</summary>
    public string? Why { get; init; }

    public string? SourceUrl { get; init; }

    public string? Site { get; init; }

    public string? Headline { get; init; }

    public IEnumerable<string?> Values() =>
        [Id, Date, Event, Mode, Cameo, Actor, ActorCountry, ActorCode, Recipient, RecipientCountry, RecipientCode, Historical ? "true" : "false", Future ? "true" : "false", Evidence, Trigger, Why, SourceUrl, Site, Headline];
}
