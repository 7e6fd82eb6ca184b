namespace Communique.Text.Tests;

/// <summary>The normalizers' fast paths (text returned as it is) agree with their character rules.</summary>
public sealed class TextNormalizerTests
{
    [Fact]
    public void Folding_any_single_character_agrees_with_the_character_rule()
    {
        for (var c = 0; c <= 0xFFFF; c++)
        {
            var ch = (char)c;
            if (char.IsSurrogate(ch))
            {
                continue;
            }

            Assert.Equal("a" + TextNormalizer.FoldChar(ch) + "b", TextNormalizer.Fold("a" + ch + "b"));
        }
    }

    [Fact]
    public void Text_that_needs_no_folding_is_returned_as_it_is_and_other_text_is_folded_from_the_first_change()
    {
        const string plain = "President Tokayev's talks - 2025";
        Assert.Same(plain, TextNormalizer.Fold(plain));
        Assert.Equal("the \"Silk Way\" - it's", TextNormalizer.Fold("the «Silk Way» — it’s"));
    }

    [Fact]
    public void Cleaning_drops_or_replaces_every_control_character_but_line_feeds()
    {
        var controls = string.Concat(Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(char.IsControl));
        var cleaned = TextNormalizer.Clean("a" + controls + "b\u00A0c\u200Bd\r\ne");
        Assert.DoesNotContain(cleaned, c => char.IsControl(c) && c != '\n');
        Assert.Equal("a \n\nb cd\ne", cleaned); // tab → space, LF kept, lone CR → LF, CR LF → LF, the rest dropped
        const string plain = "Astana, 30 September.\nThe talks went on.";
        Assert.Same(plain, TextNormalizer.Clean(plain));
    }
}
