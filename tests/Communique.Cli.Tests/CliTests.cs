using System.Reflection;
using System.Text;
using System.Text.Json;
using Communique.Tests;

namespace Communique.Cli.Tests;

public sealed class ExtractCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("communique-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, BufferIo Io)> Run(string[] args, string? stdin = null)
    {
        var io = new BufferIo(stdin is null ? null : new MemoryStream(Encoding.UTF8.GetBytes(stdin)));
        var code = await CommandLine.RunAsync(args, io, CancellationToken.None);
        return (code, io);
    }

    [Fact]
    public async Task A_bad_document_is_reported_and_the_rest_of_the_batch_goes_on()
    {
        File.WriteAllText(Path.Combine(_dir, "a-good.txt"), "date 2025-09-30 Talks | akorda.kz\n\nKassym-Jomart Tokayev held talks with Sergio Mattarella in Astana.");
        File.WriteAllBytes(Path.Combine(_dir, "b-binary.txt"), [0, 1, 2, 3, 0, 0]);
        File.WriteAllText(Path.Combine(_dir, "c-empty.txt"), string.Empty);
        var (code, io) = await Run(["extract", _dir, "--format", "jsonl"]);
        Assert.Equal(0, code);
        var line = Assert.Single(io.OutputText.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var doc = JsonDocument.Parse(line);
        Assert.Equal("2025-09-30", doc.RootElement.GetProperty("published").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("people").GetArrayLength());
        var errors = io.ErrorText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["CQ2002", "CQ2001"], errors.Select(e => e.GetProperty("error").GetString()));
        Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("hint").GetString())));
    }

    [Fact]
    public async Task Exit_code_is_non_zero_only_when_every_input_failed()
    {
        File.WriteAllText(Path.Combine(_dir, "empty.txt"), string.Empty);
        var (code, _) = await Run(["extract", Path.Combine(_dir, "empty.txt")]);
        Assert.Equal(1, code);
    }

    [Fact]
    public async Task Standard_input_with_overrides()
    {
        var (code, io) = await Run(["extract", "-", "--site", "gov.uk", "--published", "2025-10-16"], "The Prime Minister spoke to President Stubb of Finland this afternoon.");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(io.OutputText);
        var people = doc.RootElement.GetProperty("people").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("Keir Starmer", people);
        Assert.Contains("Alexander Stubb", people);
        Assert.Equal("gov.uk", doc.RootElement.GetProperty("source").GetProperty("site").GetString());
    }

    [Fact]
    public async Task Text_format_is_readable()
    {
        var (code, io) = await Run(["extract", "-", "--format", "text", "--published", "2025-09-30"],
            "Italy has invested up to $7.6 billion into our economy. Sergio Mattarella expressed gratitude to Kassym-Jomart Tokayev.");
        Assert.Equal(0, code);
        Assert.Contains("money", io.OutputText, StringComparison.Ordinal);
        Assert.Contains("up to 7600000000 USD", io.OutputText, StringComparison.Ordinal);
        Assert.Contains("· trigger “expressed gratitude”", io.OutputText, StringComparison.Ordinal);
        Assert.Contains("· actor ITA: the subject “Sergio Mattarella”", io.OutputText, StringComparison.Ordinal);
        Assert.Contains("· office President: office-holders.tsv, President (ITA)", io.OutputText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_option_is_a_clear_error()
    {
        var (code, io) = await Run(["extract", "-", "--published", "30/09/2025"], "Text.");
        Assert.NotEqual(0, code);
        Assert.Contains("CQ3002", io.ErrorText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sample_release_extracts_with_its_header()
    {
        var sample = Path.Combine(SharedData.RepositoryRoot, "samples", "2025-09-30-akorda-kazakhstan-italy.txt");
        var (code, io) = await Run(["extract", sample]);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(io.OutputText);
        Assert.Equal("akorda.kz", doc.RootElement.GetProperty("source").GetProperty("site").GetString());
        Assert.Contains(doc.RootElement.GetProperty("quantities").EnumerateArray(), q => q.GetProperty("value").GetDecimal() == 7_600_000_000m);
    }
}

/// <summary>Accuracy floors against the shared gold (seed and dev set): accuracy never drops silently.</summary>
public sealed class AccuracyFloorTests
{
    private static async Task<(int Code, string Output, string Error)> Eval(params string[] args)
    {
        var io = new BufferIo();
        var code = await CommandLine.RunAsync(["eval", .. args], io, CancellationToken.None);
        return (code, io.OutputText, io.ErrorText);
    }

    [SharedFact]
    public async Task Seed_gold_fields_are_exact()
    {
        var (code, output, error) = await Eval("--gold", SharedData.Path("eval", "gold"), SharedData.Path("seeds"),
            "--min", "people=1,office=1,person-country=1,countries=1,figures=1,published=1,topics=0.8,events=1,direction=1,mode=1");
        Assert.True(code == 0, output + error);
    }

    [SharedFact]
    public async Task Dev_set_meets_the_floors()
    {
        // Floors sit a little under the measured scores (docs/benchmarks.md) so that a regression fails CI.
        // Direction follows the real set's convention (../shared/eval/real/README.md: a call, a meeting without a place
        // and a joint act of two states are coded from the reporting side toward the other), where the dev gold lists
        // both states as actors; 0.685 measured, so the dev floor for direction guards the rest of the dev events.
        var (code, output, error) = await Eval("--gold", SharedData.Path("eval", "dev"), SharedData.Path("eval", "dev"),
            "--min", "people=0.97,office=0.95,person-country=0.97,countries=0.96,figures=0.97,published=0.98,places=0.9,events=0.92,direction=0.66,mode=0.95,negated=1,topics=0.5");
        Assert.True(code == 0, output + error);
    }

    [SharedFact]
    public async Task Eval_exits_non_zero_under_a_floor()
    {
        var (code, _, error) = await Eval("--gold", SharedData.Path("eval", "gold"), SharedData.Path("seeds"), "--min", "topics=0.99");
        Assert.Equal(1, code);
        Assert.Contains("CQ4002", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Details_group_event_misses_by_cause()
    {
        // A gold call KAZ→ITA coded as SUPPORT between the same states is a wrong type; a gold ACCUSE with nothing
        // near it is a miss with no trigger; a coded SANCTION with no gold counterpart is an extra.
        var dir = Directory.CreateTempSubdirectory("communique-eval-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "gold"));
            File.WriteAllText(Path.Combine(dir, "gold", "a.json"), """
                {"doc": "a.txt", "events": [
                  {"type": "CONSULT", "actor": ["KAZ"], "recipient": ["ITA"], "note": "the call"},
                  {"type": "ACCUSE", "actor": ["KAZ"], "recipient": ["RUS"], "note": "the condemnation"}]}
                """);
            File.WriteAllText(Path.Combine(dir, "pred.json"), """
                {"source": {"path": "a.txt"}, "events": [
                  {"type": "SUPPORT", "actor": [{"country": "KAZ"}], "recipient": [{"country": "ITA"}], "evidence": {"text": "Thanks."}},
                  {"type": "SANCTION", "actor": [{"country": "USA"}], "recipient": [{"country": "IRN"}], "evidence": {"text": "Sanctions."}}]}
                """);
            var (code, output, error) = await Eval("--gold", Path.Combine(dir, "gold"), "--pred", Path.Combine(dir, "pred.json"), "--details");
            Assert.True(code == 0, output + error);
            Assert.Contains("events by cause:", output, StringComparison.Ordinal);
            Assert.Contains("a.txt: missed event CONSULT KAZ→ITA (coded SUPPORT KAZ→ITA) — gold: the call", output, StringComparison.Ordinal);
            Assert.Matches(@"missed: no trigger[^\n]*\n\s+a\.txt: missed event ACCUSE KAZ→RUS", output);
            Assert.Contains("a.txt: extra event SANCTION USA→IRN “Sanctions.”", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

/// <summary>Arrows point down the layer table of DESIGN §2 only.</summary>
public sealed class ArchitectureTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Communique.Core"] = [],
        ["Communique.Text"] = ["Communique.Core"],
        ["Communique.Extraction"] = ["Communique.Core", "Communique.Text"],
        ["Communique.Ingest"] = ["Communique.Core", "Communique.Text"],
        ["Communique.Storage"] = ["Communique.Core"],
        ["Communique.Storage.Sqlite"] = ["Communique.Storage", "Communique.Core"],
        ["Communique.Server"] = ["Communique.Storage", "Communique.Core"],
    };

    [Theory]
    [InlineData("Communique.Core")]
    [InlineData("Communique.Text")]
    [InlineData("Communique.Extraction")]
    [InlineData("Communique.Ingest")]
    [InlineData("Communique.Storage")]
    [InlineData("Communique.Storage.Sqlite")]
    [InlineData("Communique.Server")]
    public void Library_references_only_lower_layers(string name)
    {
        var assembly = Assembly.Load(name);
        var references = assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Communique.", StringComparison.Ordinal)).ToList();
        Assert.All(references, r => Assert.Contains(r, Allowed[name]));
    }

    [Fact]
    public void Core_depends_on_the_base_library_only()
    {
        var references = Assembly.Load("Communique.Core").GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.All(references, r => Assert.True(r.StartsWith("System", StringComparison.Ordinal) || r == "netstandard", r));
    }
}

public sealed class ExportCommandTests
{
    private const string Release = "date 2025-10-09 Statement | vm.ee\n\nMinister of Foreign Affairs of Estonia Margus Tsahkna declined to meet the Russian diplomat. Estonia strongly condemns the detention of an Estonian citizen by Russia.";

    private static async Task<string> Export(string format)
    {
        var io = new BufferIo(new MemoryStream(Encoding.UTF8.GetBytes(Release)));
        var extract = await CommandLine.RunAsync(["extract", "-", "--format", "jsonl"], io, CancellationToken.None);
        Assert.Equal(0, extract);
        var export = new BufferIo(new MemoryStream(Encoding.UTF8.GetBytes(io.OutputText)));
        Assert.Equal(0, await CommandLine.RunAsync(["export", "--format", format, "-"], export, CancellationToken.None));
        return export.OutputText;
    }

    [Fact]
    public async Task Polecat_records_carry_evidence_and_never_negated_events()
    {
        var lines = (await Export("polecat")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.False(string.IsNullOrEmpty(l.GetProperty("evidence").GetString())));
        Assert.DoesNotContain(lines, l => l.GetProperty("event").GetString() == "CONSULT");
        Assert.Contains(lines, l => l.GetProperty("event").GetString() == "REJECT" && l.GetProperty("actor_country").GetString() == "EST");

        // Each record says why it was coded: the trigger words, inside the evidence, and the reasons.
        Assert.All(lines, l => Assert.Contains(l.GetProperty("trigger").GetString()!, l.GetProperty("evidence").GetString()!, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.StartsWith("trigger “", l.GetProperty("why")[0].GetString()!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gdelt_rows_have_the_61_columns_with_codes_and_quad_class()
    {
        var rows = (await Export("gdelt")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split('\t')).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(61, r.Length));
        var accuse = Assert.Single(rows, r => r[26] == "111");
        Assert.Equal("ESTGOV", accuse[5]);
        Assert.Equal("RUS", accuse[17]);
        Assert.Equal("3", accuse[29]);
        Assert.Equal("20251009", accuse[1]);
    }
}

/// <summary>PETRARCH2's own unit-test records coded through the dictionary import (skips without ../shared).</summary>
public sealed class PetrarchSuiteTests
{
    [SharedFact]
    public async Task Petrarch_unit_test_records_pass_rate_is_reported_and_does_not_regress()
    {
        var io = new BufferIo();
        var code = await CommandLine.RunAsync(["code", "--petrarch-records", SharedData.Path("eval", "events", "petrarch2_PETR.UnitTest.records.xml"),
            "--dictionaries", SharedData.Path("eval", "events", "petrarch2_dictionaries"), "--format", "jsonl", "--score"], io, CancellationToken.None);
        Assert.Equal(0, code);
        var lines = io.OutputText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(284, lines.Length);
        var (records, _) = CodeCommand.LoadRecords(SharedData.Path("eval", "events", "petrarch2_PETR.UnitTest.records.xml"));
        var byId = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var results = records.Select((r, i) => (r, (IReadOnlyList<Communique.Extraction.Petrarch.CodedEvent>)byId[i].GetProperty("events").EnumerateArray()
            .Select(e => new Communique.Extraction.Petrarch.CodedEvent(e.GetProperty("source").GetString(), e.GetProperty("target").GetString(), e.GetProperty("cameo").GetString()!)).ToList()));
        var score = CodeCommand.Score(results);
        // Measured 0.903 found (324/359), 0.056 extra (docs/benchmarks.md); the issue's target is ≥ 0.90 found, ≤ 0.10 extra.
        Assert.True(score.Recall >= 0.90, $"found {score.Recall:0.000}");
        Assert.True(score.ExtraRate <= 0.08, $"extra {score.ExtraRate:0.000}");
    }
}

/// <summary>Real pages and random text never crash the pipeline.</summary>
public sealed class RobustnessTests
{
    [SharedFact]
    public async Task Every_page_of_the_article_and_date_benchmarks_is_processed_without_an_error()
    {
        var io = new BufferIo();
        var code = await CommandLine.RunAsync(["extract", SharedData.Path("eval", "article-extraction", "html"), SharedData.Path("eval", "dates"), "--format", "jsonl"], io, CancellationToken.None);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, io.ErrorText);
        Assert.Equal(223, io.OutputText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Random_text_never_throws()
    {
        var pipeline = Communique.Extraction.ExtractionPipeline.Create();
        var random = new Random(20251128);
        const string alphabet = "aeiouAEIOU bcdfgKLMNPQRST.,;:!?\"'’“”-–—()[]$€£₸%0123456789\n\n ÄöüğşçКазахстан中国🙂\u00A0\t";
        string[] fragments = ["President", "Prime Minister", "the Head of State", "held talks with", "$7.6 billion", "top three", "last year", "on Tuesday", "Kazakhstan", "Italy's", "Mr.", "H.E.", "invited", "declined to meet", "1.", "(1)", "\"", "Astana and Rome"];
        for (var i = 0; i < 300; i++)
        {
            var builder = new StringBuilder();
            var length = random.Next(1, 400);
            for (var k = 0; k < length; k++)
            {
                builder.Append(random.Next(4) == 0 ? fragments[random.Next(fragments.Length)] + " " : alphabet[random.Next(alphabet.Length)].ToString());
            }

            var document = Communique.Text.DocumentFactory.Create(builder.ToString(), new Communique.Core.DocumentMetadata(Site: "akorda.kz", Published: new DateOnly(2025, 9, 30)));
            pipeline.Process(document);
            Assert.All(document.Get(Communique.Core.Layers.Quantities), q => Assert.Equal(q.Text, document.Text[q.Start..q.End]));
        }
    }
}
