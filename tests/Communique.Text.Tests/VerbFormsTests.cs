namespace Communique.Text.Tests;

/// <summary>Verb inflection for the [lemma] triggers of events.tsv.</summary>
public sealed class VerbFormsTests
{
    private static readonly VerbForms Verbs = new([("meet", "met", "met", null), ("expel", "expelled", "expelled", "expelling")]);

    [Theory]
    [InlineData("condemn", "condemns", "condemned", "condemning")]
    [InlineData("urge", "urges", "urged", "urging")]
    [InlineData("apply", "applies", "applied", "applying")]
    [InlineData("ban", "bans", "banned", "banning")]
    [InlineData("visit", "visits", "visited", "visiting")]
    [InlineData("reach", "reaches", "reached", "reaching")]
    [InlineData("veto", "vetoes", "vetoed", "vetoing")]
    [InlineData("tie", "ties", "tied", "tying")]
    [InlineData("agree", "agrees", "agreed", "agreeing")]
    [InlineData("stay", "stays", "stayed", "staying")]
    public void Regular_verbs_follow_the_spelling_rules(string lemma, string third, string past, string gerund)
    {
        var forms = Verbs.Inflect(lemma);
        Assert.Equal((third, past, past, gerund), (forms.ThirdPerson, forms.Past, forms.Participle, forms.Gerund));
    }

    [Fact]
    public void Irregular_verbs_come_from_the_table()
    {
        Assert.Equal(["meet", "meets", "met", "meeting"], Verbs.Inflect("meet").All);
        Assert.Equal("expelling", Verbs.Inflect("expel").Gerund);
        Assert.Equal("expels", Verbs.Inflect("expel").ThirdPerson);
    }

    [Fact]
    public void A_bracketed_verb_expands_inside_its_phrase()
    {
        Assert.Equal(["strongly condemn", "strongly condemns", "strongly condemned", "strongly condemning"], Verbs.Expand("strongly [condemn]"));
        Assert.Equal(["meet with", "meeting with", "meets with", "met with"], Verbs.Expand("[meet] with").Order(StringComparer.Ordinal));
        Assert.Equal(["talks with"], Verbs.Expand("talks with"));
        Assert.True(VerbForms.HasVerb("[pay] a visit to"));
        Assert.False(VerbForms.HasVerb("paid a visit to"));
    }
}
