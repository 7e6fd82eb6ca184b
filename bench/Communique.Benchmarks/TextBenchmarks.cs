using BenchmarkDotNet.Attributes;
using Communique.Core;
using Communique.Extraction;
using Communique.Text;

namespace Communique.Benchmarks;

/// <summary>Micro benchmarks of the text layer and the whole pipeline on a generated release.</summary>
[MemoryDiagnoser]
public class TextBenchmarks
{
    private string _text = string.Empty;
    private string _folded = string.Empty;
    private System.Collections.Immutable.ImmutableArray<Token> _tokens;
    private Pipeline _pipeline = null!;

    [GlobalSetup]
    public void Setup()
    {
        _text = string.Join("\n\n", Enumerable.Range(0, 20).Select(i =>
            $"President of the Republic of Kazakhstan Kassym-Jomart Tokayev held talks with President of Italy Sergio Mattarella, who arrived in Astana on an official visit. " +
            $"Over the past {i + 5} years, Italy has invested up to ${i + 1}.6 billion into the economy; today {200 + i} Italian companies operate in Kazakhstan. " +
            "The parties discussed cooperation in transport and logistics, petrochemicals, mechanical engineering, tourism, and education."));
        _folded = TextNormalizer.Fold(_text);
        _tokens = Tokenizer.Default.Tokenize(_folded);
        _pipeline = ExtractionPipeline.Create();
    }

    /// <summary>Characters in the benchmark text (for MB/s: chars / mean time).</summary>
    public int Characters => _text.Length;

    [Benchmark]
    public int Tokenize() => Tokenizer.Default.Tokenize(_folded).Length;

    [Benchmark]
    public int SplitSentences() => SentenceSplitter.Default.Split(_folded, _tokens).Length;

    [Benchmark]
    public int MatchLexicons() => Lexicons.Default.Matcher.FindLongest(_folded, _tokens).Length;

    [Benchmark]
    public int FullPipeline()
    {
        var document = DocumentFactory.Create(_text, new DocumentMetadata(Site: "akorda.kz", Published: new DateOnly(2025, 9, 30)));
        _pipeline.Process(document);
        return document.Get(Layers.Quantities).Length;
    }
}
