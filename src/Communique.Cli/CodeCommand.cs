using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Communique.Core;
using Communique.Extraction.Petrarch;

namespace Communique.Cli;

/// <summary>One PETRARCH validation record: its parse and the events it should yield.</summary>
internal sealed record PetrarchRecord(string Id, string Text, string Parse, IReadOnlyList<CodedEvent> Expected, bool ExpectNone, DateOnly? Date);

/// <summary>
/// <c>communique code --petrarch-records FILE --dictionaries DIR</c>: codes PETRARCH's own validation records
/// with the dictionaries the records name (imported in PETRARCH's format) and prints one line per record.
/// </summary>
internal static class CodeCommand
{
    public static Command Create(ICommandIo io)
    {
        var records = new Option<string>("--petrarch-records") { Description = "PETRARCH validation records (XML with <Sentence>, <EventCoding> and <Parse>).", Required = true };
        var dictionaries = new Option<string>("--dictionaries") { Description = "Folder holding the actor, agent, verb and discard dictionaries the records name.", Required = true };
        var format = new Option<string>("--format") { Description = "jsonl (one line per record).", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl");
        var score = new Option<bool>("--score") { Description = "Also print the pass rate against the records' expected events (to standard error)." };
        var command = new Command("code", "Code PETRARCH validation records with PETRARCH dictionaries.") { records, dictionaries, format, score };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (recordList, files) = LoadRecords(parse.GetValue(records)!);
            var coder = new PetrarchCoder(PetrarchDictionaries.Load(parse.GetValue(dictionaries)!, files.Actors, files.Agents, files.Verbs, files.Discards));
            var output = new StreamWriter(io.StandardOutput, new UTF8Encoding(false), leaveOpen: true);
            var results = new List<(PetrarchRecord Record, IReadOnlyList<CodedEvent> Coded)>();
            await using (output)
            {
                foreach (var record in recordList)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    IReadOnlyList<CodedEvent> coded;
                    try
                    {
                        coded = coder.Code(record.Parse, record.Date);
                    }
                    catch (FormatException ex)
                    {
                        await io.Error.WriteLineAsync($"{{\"error\":\"CQ2006\",\"source\":\"{record.Id}\",\"message\":\"parse tree not readable: {ex.Message}\"}}").ConfigureAwait(false);
                        coded = [];
                    }

                    results.Add((record, coded));
                    using var buffer = new MemoryStream();
                    using (var w = new Utf8JsonWriter(buffer))
                    {
                        w.WriteStartObject();
                        w.WriteString("id", record.Id);
                        w.WriteStartArray("events");
                        foreach (var e in coded)
                        {
                            w.WriteStartObject();
                            w.WriteString("source", e.Source);
                            w.WriteString("target", e.Target);
                            w.WriteString("cameo", e.Code);
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    }

                    await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
                }
            }

            if (parse.GetValue(score))
            {
                var s = Score(results);
                await io.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"records {s.Records}; expected triples found {s.Found}/{s.Expected} ({s.Recall:0.000}); extra triples {s.Extra} ({s.ExtraRate:0.000} of expected); no-event records clean {s.NoEventClean}/{s.NoEventRecords}")).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    internal sealed record PetrarchScore(int Records, int Expected, int Found, int Extra, int NoEventRecords, int NoEventClean)
    {
        public double Recall => Expected == 0 ? 1 : (double)Found / Expected;

        public double ExtraRate => Expected == 0 ? 0 : (double)Extra / Expected;
    }

    internal static PetrarchScore Score(IEnumerable<(PetrarchRecord Record, IReadOnlyList<CodedEvent> Coded)> results)
    {
        int records = 0, expected = 0, found = 0, extra = 0, noEvent = 0, clean = 0;
        foreach (var (record, coded) in results)
        {
            records++;
            var remaining = coded.ToList();
            foreach (var e in record.Expected)
            {
                expected++;
                var match = remaining.FindIndex(c => c.Source == e.Source && c.Target == e.Target && c.Code == e.Code);
                if (match >= 0)
                {
                    found++;
                    remaining.RemoveAt(match);
                }
            }

            extra += remaining.Count;
            if (record.ExpectNone)
            {
                noEvent++;
                clean += coded.Count == 0 ? 1 : 0;
            }
        }

        return new PetrarchScore(records, expected, found, extra, noEvent, clean);
    }

    internal static (List<PetrarchRecord> Records, (string Actors, string Agents, string Verbs, string? Discards) Files) LoadRecords(string path)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (Exception ex) when (ex is XmlException or IOException)
        {
            throw new CommuniqueException(ErrorCatalog.UnsupportedFormat, $"'{path}' is not readable PETRARCH records XML: {ex.Message}", path, "Give PETRARCH's validation records file.", ex);
        }

        var environment = document.Root?.Element("Environment");
        string File(string name, string fallback) => environment?.Element(name)?.Value.Trim() is { Length: > 0 } v ? v : fallback;
        var files = (File("Actorfile", "PETR.Validate.actors.txt"), File("Agentfile", "PETR.Validate.agents.txt"), File("Verbfile", "PETR.Validate.verbs.txt"),
            environment?.Element("Discardfile")?.Value.Trim());
        var list = new List<PetrarchRecord>();
        foreach (var sentence in document.Descendants("Sentence"))
        {
            var codings = sentence.Elements("EventCoding").ToList();
            var expected = codings.Where(c => c.Attribute("eventcode") is not null)
                .Select(c => new CodedEvent(Code(c.Attribute("sourcecode")?.Value), Code(c.Attribute("targetcode")?.Value), c.Attribute("eventcode")!.Value.Trim())).ToList();
            var none = codings.Any(c => c.Attribute("noevents") is not null);
            list.Add(new PetrarchRecord(sentence.Attribute("id")?.Value ?? "?", sentence.Element("Text")?.Value.Trim() ?? string.Empty,
                sentence.Element("Parse")?.Value ?? string.Empty, expected, none,
                DateOnly.TryParseExact(sentence.Attribute("date")?.Value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null));
        }

        return (list, files);
    }

    private static string? Code(string? value)
    {
        var v = value?.Trim().Trim('"', '\'');
        return string.IsNullOrEmpty(v) ? null : v;
    }
}
