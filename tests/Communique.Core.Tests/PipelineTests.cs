using System.Collections.Immutable;
using Communique.Core;

namespace Communique.Core.Tests;

public sealed class PipelineTests
{
    private static readonly AnnotationLayer<int> Numbers = new("numbers");
    private static readonly AnnotationLayer<int> Squares = new("squares");

    private sealed class Producer : IDocumentComponent
    {
        public string Name => "producer";

        public IReadOnlyList<AnnotationLayer> Requires => [];

        public IReadOnlyList<AnnotationLayer> Assigns => [Numbers];

        public void Process(Document document, CancellationToken cancellationToken) => document.Set(Numbers, [1, 2, 3]);
    }

    private sealed class Squarer : IDocumentComponent
    {
        public string Name => "squarer";

        public IReadOnlyList<AnnotationLayer> Requires => [Numbers];

        public IReadOnlyList<AnnotationLayer> Assigns => [Squares];

        public void Process(Document document, CancellationToken cancellationToken) =>
            document.Set(Squares, [.. document.Get(Numbers).Select(n => n * n)]);
    }

    private sealed class Thrower : IDocumentComponent
    {
        public string Name => "thrower";

        public IReadOnlyList<AnnotationLayer> Requires => [];

        public IReadOnlyList<AnnotationLayer> Assigns => [];

        public void Process(Document document, CancellationToken cancellationToken) => throw new InvalidOperationException("boom");
    }

    private static Document NewDocument(string text = "Some text.") => new(text, text, new DocumentMetadata(SourcePath: "a.txt"));

    [Fact]
    public void Components_run_in_order_and_read_earlier_layers()
    {
        var pipeline = new PipelineBuilder().Use(new Producer()).Use(new Squarer()).Build();
        var document = NewDocument();
        pipeline.Process(document);
        Assert.Equal([1, 4, 9], document.Get(Squares).ToArray());
    }

    [Fact]
    public void Build_rejects_a_component_before_the_one_it_needs()
    {
        var error = Assert.Throws<CommuniqueException>(() => new PipelineBuilder().Use(new Squarer()).Use(new Producer()).Build());
        Assert.Equal(ErrorCatalog.PipelineOrder, error.Code);
        Assert.Contains("Move 'producer' before 'squarer'", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_rejects_two_components_assigning_one_layer()
    {
        var error = Assert.Throws<CommuniqueException>(() => new PipelineBuilder().Use(new Producer()).Use(new Producer()).Build());
        Assert.Equal(ErrorCatalog.PipelineOrder, error.Code);
    }

    [Fact]
    public void A_failing_component_is_reported_with_its_name_and_the_document_not_its_text()
    {
        var pipeline = new PipelineBuilder().Use(new Thrower()).Build();
        var document = NewDocument("Secret article text that must not leak.");
        var error = Assert.Throws<CommuniqueException>(() => pipeline.Process(document));
        Assert.Equal(ErrorCatalog.ComponentFailed, error.Code);
        Assert.Contains("thrower", error.Message, StringComparison.Ordinal);
        Assert.Equal("a.txt", error.DocumentRef);
        Assert.DoesNotContain("Secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_layer_is_written_once()
    {
        var document = NewDocument();
        document.Set(Numbers, [1]);
        var error = Assert.Throws<CommuniqueException>(() => document.Set(Numbers, [2]));
        Assert.Equal(ErrorCatalog.LayerAssignedTwice, error.Code);
    }

    [Fact]
    public void Reading_an_unassigned_layer_names_it()
    {
        var error = Assert.Throws<CommuniqueException>(() => NewDocument().Get(Squares));
        Assert.Contains("squares", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_stops_the_pipeline()
    {
        var pipeline = new PipelineBuilder().Use(new Producer()).Build();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => pipeline.Process(NewDocument(), cts.Token));
    }
}

public sealed class DocumentTests
{
    [Fact]
    public void Id_is_16_hex_digits_of_the_text_hash_and_stable()
    {
        var a = new Document("Hello", "Hello", new DocumentMetadata());
        var b = new Document("Hello", "Hello", new DocumentMetadata(Url: "https://example.org/x"));
        Assert.Equal(16, a.Id.Length);
        Assert.Matches("^[0-9a-f]{16}$", a.Id);
        Assert.Equal(a.Id, b.Id);
        Assert.NotEqual(a.Id, new Document("Hello!", "Hello!", new DocumentMetadata()).Id);
    }

    [Fact]
    public void Match_text_must_have_the_same_length()
    {
        Assert.Throws<ArgumentException>(() => new Document("abc", "ab", new DocumentMetadata()));
    }

    [Theory]
    [InlineData(2025, 9, 30, "2025-09-30")]
    public void Day_values_print_as_iso_dates(int y, int m, int d, string expected) =>
        Assert.Equal(expected, DateValue.Day(new DateOnly(y, m, d)).ToString());

    [Fact]
    public void Month_year_and_interval_values_print_as_iso()
    {
        Assert.Equal("2025-05", DateValue.Month(2025, 5).ToString());
        Assert.Equal("2019", DateValue.Year(2019).ToString());
        Assert.Equal("2025-10-11/2025-10-12", new DateValue(new DateOnly(2025, 10, 11), new DateOnly(2025, 10, 12), DatePrecision.Interval).ToString());
    }

    [Fact]
    public void Json_output_has_the_contract_fields_and_empty_events()
    {
        var document = new Document("Text.", "Text.", new DocumentMetadata(SourcePath: "x.txt", Site: "akorda.kz", Published: new DateOnly(2025, 9, 30)));
        document.Set(Layers.People, [new PersonAnnotation("P1", "Kassym-Jomart Tokayev", "President", "KAZ", "GOV", true, [new Mention(0, 4, "Text")])]);
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            DocumentJson.Write(writer, document);
        }

        using var json = System.Text.Json.JsonDocument.Parse(buffer.ToArray());
        var root = json.RootElement;
        foreach (var field in new[] { "id", "source", "title", "published", "language", "people", "entities", "events", "quantities", "topics", "warnings" })
        {
            Assert.True(root.TryGetProperty(field, out _), field);
        }

        Assert.Equal("2025-09-30", root.GetProperty("published").GetString());
        Assert.Equal(0, root.GetProperty("events").GetArrayLength());
        Assert.Equal("KAZGOV", root.GetProperty("people")[0].GetProperty("code").GetString());
    }
}
