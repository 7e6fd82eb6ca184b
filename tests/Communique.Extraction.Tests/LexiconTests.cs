using Communique.Text;

namespace Communique.Extraction.Tests;

/// <summary>The lexicons are data: each file is versioned, names its sources and keeps to its columns.</summary>
public sealed class LexiconTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var name in typeof(Lexicons).Assembly.GetManifestResourceNames().Where(n => n.EndsWith(".tsv", StringComparison.Ordinal)))
        {
            data.Add(name["Communique.Lexicons.".Length..]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Lexicon_has_a_version_sources_and_rows_within_its_columns(string file)
    {
        using var stream = typeof(Lexicons).Assembly.GetManifestResourceStream("Communique.Lexicons." + file)!;
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        Assert.Contains("# sources:", text, StringComparison.Ordinal);
        var lexicon = LexiconFile.Parse(file, new StringReader(text));
        Assert.False(string.IsNullOrEmpty(lexicon.Version));
        Assert.NotEmpty(lexicon.Columns);
        Assert.NotEmpty(lexicon.Rows);
        Assert.All(lexicon.Rows, row => Assert.True(row.Cells.Length <= lexicon.Columns.Length, $"{file}:{row.Line} has {row.Cells.Length} cells for {lexicon.Columns.Length} columns"));
    }

    [Fact]
    public void Every_capital_is_a_known_place()
    {
        var lexicons = Lexicons.Default;
        var places = lexicons.Places.Where(p => p.IsCapital).Select(p => p.Name).ToHashSet();
        Assert.All(lexicons.Countries.Where(c => c.Capital is not null), c => Assert.Contains(c.Capital!, places));
    }

    [Fact]
    public void Office_terms_end_after_they_start()
    {
        Assert.All(Lexicons.Default.OfficeTerms, t => Assert.True(t.To is null || t.To >= t.From, $"{t.Name} {t.Role}"));
    }
}
