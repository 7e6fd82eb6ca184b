using System.Globalization;
using System.Text.Json;
using Communique.Core;

namespace Communique.Text.Tests;

/// <summary>Behaviour written as spec files (Specs/*.json): a new case is a new example, not a new test.</summary>
public sealed class TextSpecTests
{
    public static TheoryData<string> Cases(string file)
    {
        var data = new TheoryData<string>();
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Specs", file)));
        foreach (var item in json.RootElement.EnumerateArray())
        {
            data.Add(item.GetRawText());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases), "sentences.json")]
    public void Sentences_split_as_specified(string spec)
    {
        using var json = JsonDocument.Parse(spec);
        var text = TextNormalizer.Clean(json.RootElement.GetProperty("text").GetString()!);
        var folded = TextNormalizer.Fold(text);
        var tokens = Tokenizer.Default.Tokenize(folded);
        var sentences = SentenceSplitter.Default.Split(folded, tokens).Select(s => text[s.Start..s.End]).ToArray();
        var expected = json.RootElement.GetProperty("sentences").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(expected, sentences);
    }

    [Theory]
    [MemberData(nameof(Cases), "tokens.json")]
    public void Tokens_split_as_specified(string spec)
    {
        using var json = JsonDocument.Parse(spec);
        var text = json.RootElement.GetProperty("text").GetString()!;
        var tokens = Tokenizer.Default.Tokenize(TextNormalizer.Fold(text)).Select(t => text[t.Start..t.End]).ToArray();
        var expected = json.RootElement.GetProperty("tokens").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(expected, tokens);
    }

    [Theory]
    [MemberData(nameof(Cases), "numbers.json")]
    public void Numbers_parse_as_specified(string spec)
    {
        using var json = JsonDocument.Parse(spec);
        var root = json.RootElement;
        var expected = root.GetProperty("value");
        if (root.TryGetProperty("text", out var numeral))
        {
            var ok = NumberParser.TryParseNumeral(numeral.GetString(), out var value);
            if (expected.ValueKind == JsonValueKind.Null)
            {
                Assert.False(ok);
            }
            else
            {
                Assert.True(ok);
                Assert.Equal(expected.GetDecimal(), value);
            }

            return;
        }

        var words = root.GetProperty("words").GetString()!;
        var folded = TextNormalizer.Fold(words);
        var tokens = Tokenizer.Default.Tokenize(folded);
        Assert.True(NumberParser.Default.TryParseWords(folded, tokens, 0, tokens.Length, out var parsed));
        Assert.Equal(expected.GetDecimal(), parsed.Value);
        Assert.Equal(tokens.Length, parsed.TokenCount);
        Assert.Equal(root.TryGetProperty("ordinal", out var o) && o.GetBoolean(), parsed.IsOrdinal);
    }

    [Theory]
    [MemberData(nameof(Cases), "dates.json")]
    public void Dates_resolve_as_specified(string spec)
    {
        using var json = JsonDocument.Parse(spec);
        var root = json.RootElement;
        var text = root.GetProperty("text").GetString()!;
        var published = root.GetProperty("published").ValueKind == JsonValueKind.Null ? (DateOnly?)null
            : DateOnly.ParseExact(root.GetProperty("published").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var folded = TextNormalizer.Fold(text);
        var dates = DateParser.Default.Parse(text, folded, Tokenizer.Default.Tokenize(folded), published);
        var expected = root.GetProperty("dates").EnumerateArray().Select(d => (d.GetProperty("text").GetString(), d.GetProperty("value").ValueKind == JsonValueKind.Null ? null : d.GetProperty("value").GetString())).ToArray();
        var actual = dates.Select(d => (Text: d.Text.Trim(), d.Value?.ToString())).ToArray();
        foreach (var (expectedText, expectedValue) in expected)
        {
            Assert.Contains(actual, a => a.Text.Contains(expectedText!, StringComparison.Ordinal) && a.Item2 == expectedValue);
        }

        if (expected.Length == 0)
        {
            Assert.Empty(actual);
        }
    }
}

public sealed class NormalizerTests
{
    [Fact]
    public void Clean_turns_crlf_and_nbsp_into_plain_forms_and_drops_controls()
    {
        Assert.Equal("a\nb c\nd", TextNormalizer.Clean("a\r\nb\u00A0c\rd\u0007\uFEFF"));
    }

    [Fact]
    public void Fold_keeps_length_and_maps_typography_to_ascii()
    {
        const string text = "\u201cKazakhstan\u2019s\u201d \u2013 Rome";
        var folded = TextNormalizer.Fold(text);
        Assert.Equal(text.Length, folded.Length);
        Assert.Equal("\"Kazakhstan's\" - Rome", folded);
    }

    [Fact]
    public void Key_ignores_case_and_diacritics()
    {
        Assert.Equal(TextNormalizer.Key("Recep Tayyip Erdogan"), TextNormalizer.Key("Recep Tayyip Erdoğan"));
        Assert.Equal(TextNormalizer.Key("Suwalki"), TextNormalizer.Key("Suwałki"));
    }

    [Fact]
    public void Phrase_matcher_finds_the_longest_phrase()
    {
        var matcher = new PhraseMatcher<string>.Builder().Add("Central Asia", "region").Add("Central Asia Plus", "forum").Add("Asia", "continent").Build();
        const string text = "the Central Asia Plus format and Asia";
        var tokens = Tokenizer.Default.Tokenize(text);
        var found = matcher.FindLongest(text, tokens).Select(m => (text[m.Start..m.End], m.Values[0])).ToArray();
        Assert.Equal([("Central Asia Plus", "forum"), ("Asia", "continent")], found);
    }
}
