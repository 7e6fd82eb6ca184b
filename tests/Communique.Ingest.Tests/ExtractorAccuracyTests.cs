namespace Communique.Ingest.Tests;

/// <summary>Main-text and publication-date rules of <see cref="HtmlArticleExtractor"/> and <see cref="PublicationDates"/>.</summary>
public sealed class ExtractorAccuracyTests
{
    private const string Story =
        "<p>The ministry signed an agreement with the regional water board on Tuesday, covering wells, pipes and pumping stations in four districts.</p>"
        + "<p>Officials said the first works would start in autumn, and that the programme would be reviewed, district by district, every six months.</p>"
        + "<p>The minister thanked the engineers, the municipal councils and the residents, who had waited for clean water for more than ten years.</p>";

    private const string Teaser = "<p>Another story about a bridge, a road and a railway line that were opened in the north of the country last week by officials.</p>";

    private static Article Extract(string body, string head = "", string lang = "en") =>
        new HtmlArticleExtractor().Extract($"<html lang='{lang}'><head><title>T</title>{head}</head><body>{body}</body></html>", "https://example.gov/press/item");

    [Fact]
    public void A_layout_wrapper_named_header_or_sidebar_that_holds_the_article_is_kept()
    {
        var page = $"<div class='wrapper header-style-2'><div class='container with_sidebar'><div class='entry'>{Story}</div></div>"
                   + "<div class='sidebar'><p>Subscribe to the newsletter of the ministry and never miss a single announcement again.</p></div></div>";
        var body = Extract(page).Body;
        Assert.Contains("regional water board", body, StringComparison.Ordinal);
        Assert.DoesNotContain("newsletter", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Hidden_elements_are_not_article_text()
    {
        var page = $"<div class='story'>{Story}<div style='display: none'><p>Schema copy of the headline, keywords, logo addresses and other metadata for robots.</p></div>"
                   + "<p hidden>A hidden paragraph that a reader of the page never gets to see on the screen at all.</p></div>";
        var body = Extract(page).Body;
        Assert.Contains("pumping stations", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Schema copy", body, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden paragraph", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Microdata_printed_for_machines_is_not_article_text()
    {
        var page = $"<div class='story'>{Story}<span itemprop='image' itemscope itemtype='https://schema.org/ImageObject'><span itemprop='url'>https://example.gov/img/lead.jpeg</span>"
                   + "<span itemprop='height'>1200</span></span><span itemprop='mainEntityOfPage' itemscope><span itemprop='name'>Water board agreement - Ministry of Water</span></span></div>";
        var body = Extract(page).Body;
        Assert.Contains("pumping stations", body, StringComparison.Ordinal);
        Assert.DoesNotContain("lead.jpeg", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Ministry of Water", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Appeals_trending_rails_and_hover_cards_are_not_article_text()
    {
        var page = $"<div class='story'><p>The minister met the <span class='rollover-people'><a href='/p/1'>water board</a><span class='rollover-people-block'>Other stories about the water board and its chairman this week</span></span> on Tuesday to sign an agreement covering wells, pipes and pumping stations.</p>{Story}"
                   + "<div class='widget-cta-letter'><p>Support our newsroom and make a difference for readers everywhere, every single day of the year.</p></div>"
                   + "<div class='rail rail--trending'><h3>Most read</h3><p>A celebrity was seen on a beach with a friend in the south of France this summer, pictures show.</p></div></div>";
        var body = Extract(page).Body;
        Assert.Contains("water board on Tuesday", body, StringComparison.Ordinal);
        Assert.DoesNotContain("chairman", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Support our newsroom", body, StringComparison.Ordinal);
        Assert.DoesNotContain("celebrity", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1 2 3 4 5 6 7 8")]
    [InlineData("This slideshow requires JavaScript.")]
    [InlineData("[button link=\"/submit/\" type=\"big\"]Send us your own review of the kit[/button]")]
    public void Page_numbers_script_notices_and_raw_shortcodes_are_not_article_text(string noise)
    {
        var body = Extract($"<div class='story'>{Story}<div>{noise}</div></div>").Body;
        Assert.Contains("pumping stations", body, StringComparison.Ordinal);
        Assert.DoesNotContain(noise, body, StringComparison.Ordinal);
    }

    [Fact]
    public void An_article_made_of_teaser_articles_does_not_beat_the_real_article()
    {
        var teasers = string.Concat(Enumerable.Range(0, 6).Select(_ => $"<article class='teaser'>{Teaser}</article>"));
        var page = $"<div id='primary'><article class='post'>{Story}</article><article class='list'>{teasers}</article></div>";
        var body = Extract(page).Body;
        Assert.Contains("regional water board", body, StringComparison.Ordinal);
        Assert.DoesNotContain("bridge, a road", body, StringComparison.Ordinal);
    }

    [Fact]
    public void List_teasers_and_a_sidebar_paragraph_do_not_pull_in_the_whole_page()
    {
        var ticker = "<ul>" + string.Concat(Enumerable.Range(0, 8).Select(i => $"<li><a href='/n{i}'>Headline number {i} of the ticker</a><span>{Teaser[3..^4]}</span></li>")) + "</ul>";
        var page = $"<div class='content'><div class='left'><div class='ticker'>{ticker}</div><div class='story'>{Story}</div></div>"
                   + "<div class='right'><div class='box'><p>It is a lovely book, clear and light, easy to read and to dip in and out of, without any fluff at all.</p></div></div></div>";
        var body = Extract(page).Body;
        Assert.Contains("regional water board", body, StringComparison.Ordinal);
        Assert.DoesNotContain("lovely book", body, StringComparison.Ordinal);
        Assert.DoesNotContain("ticker", body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_element_marked_as_article_body_is_the_article()
    {
        var page = "<div class='columns'><div class='col'><div itemprop='articleBody'>The son of the former mayor was injured on Tuesday evening during a public lecture in the capital, the police said in a statement. A suspect was arrested at the scene, and the lecture, which had drawn some two hundred guests, was called off.</div></div>"
                   + "<div class='col'><p>Contact the customer service centre with any questions or requests about subscriptions, delivery or advertising.</p>"
                   + "<p>Copyright notice, terms of use, privacy policy, accessibility statement, cookie settings and the list of our partners.</p></div></div>";
        var body = Extract(page).Body;
        Assert.Contains("former mayor", body, StringComparison.Ordinal);
        Assert.DoesNotContain("customer service", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3. Juli 2018", 2018, 7, 3)]
    [InlineData("Paris, le 3 juillet 2018", 2018, 7, 3)]
    [InlineData("martes 17 de marzo de 2020", 2020, 3, 17)]
    [InlineData("3 июля 2018 г.", 2018, 7, 3)]
    [InlineData("July 3, 2018, 10:00", 2018, 7, 3)]
    [InlineData("نشر الجمعة 24 نيسان / أبريل 2020", 2020, 4, 24)]
    [InlineData("03.07.2018", 2018, 7, 3)]
    [InlineData("2018-07-03", 2018, 7, 3)]
    [InlineData("25/12/2019", 2019, 12, 25)]
    public void Written_dates_are_read(string text, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), PublicationDates.InText(text, new DateOnly(2030, 1, 1)));

    [Theory]
    [InlineData("10 comments 2019")]
    [InlineData("Page 3 of 2018 results")]
    [InlineData("31.02.2018")]
    public void Non_dates_are_not_read(string text) => Assert.Null(PublicationDates.InText(text, new DateOnly(2030, 1, 1)));

    [Fact]
    public void Ambiguous_slash_dates_follow_the_language() =>
        Assert.Equal((new DateOnly(2019, 7, 3), new DateOnly(2019, 3, 7)), (PublicationDates.InText("03/07/2019", new DateOnly(2030, 1, 1))!.Value, PublicationDates.InText("03/07/2019", new DateOnly(2030, 1, 1), dayFirst: false)!.Value));

    [Fact]
    public void A_date_line_under_the_headline_is_the_publication_date()
    {
        var page = $"<h1>Minister at the meeting of foreign ministers</h1><p class='caption'>01. November 2021 | Environment</p><div class='text'>{Story}</div>";
        Assert.Equal(new DateOnly(2021, 11, 1), Extract(page, lang: "de").Published);
    }

    [Fact]
    public void A_date_marked_element_in_text_form_is_read()
    {
        var page = $"<h1>Headline</h1><p class='published-date'>&nbsp;/ martes 17 de marzo de 2020</p><div class='text'>{Story}</div>";
        Assert.Equal(new DateOnly(2020, 3, 17), Extract(page, lang: "es").Published);
    }

    [Fact]
    public void A_time_element_without_datetime_is_read()
    {
        var page = $"<h1>Headline</h1><time>3 juillet 2018</time><div class='text'>{Story}</div>";
        Assert.Equal(new DateOnly(2018, 7, 3), Extract(page, lang: "fr").Published);
    }

    [Fact]
    public void Sidebar_and_related_dates_are_not_the_publication_date()
    {
        var page = $"<h1>Headline</h1><div class='text'>{Story}</div><div class='related'><span class='date'>3 July 2018</span></div><aside><span class='date'>4 July 2018</span></aside>";
        Assert.Null(Extract(page).Published);
    }

    [Fact]
    public void An_updated_line_is_not_the_publication_date_but_the_published_one_is()
    {
        var updatedOnly = $"<h1>Headline</h1><span class='date'>Updated 5 July 2018</span><div class='text'>{Story}</div>";
        Assert.Null(Extract(updatedOnly).Published);
        var both = $"<h1>Headline</h1><span class='updated'>5 July 2018</span><span class='date'>3 July 2018</span><div class='text'>{Story}</div>";
        Assert.Equal(new DateOnly(2018, 7, 3), Extract(both).Published);
    }

    [Fact]
    public void The_date_nearest_after_the_headline_wins_over_the_page_header_date()
    {
        var page = $"<div class='top'><span class='today-date'>Tuesday, 9 January 2024</span></div><h1>Headline</h1><div class='post-meta'>3 July 2018</div><div class='text'>{Story}</div>";
        Assert.Equal(new DateOnly(2018, 7, 3), Extract(page).Published);
    }

    [Fact]
    public void Future_dates_are_never_taken()
    {
        var nextYear = DateTime.UtcNow.Year + 1;
        var page = $"<h1>Headline</h1><span class='date'>3 July {nextYear}</span><div class='text'>{Story}</div>";
        Assert.Null(Extract(page).Published);
        Assert.Null(Extract(Story, $"<meta property='article:published_time' content='{nextYear}-07-03T10:00:00Z'>").Published);
    }

    [Fact]
    public void A_date_published_key_in_an_inline_script_is_read()
    {
        var head = """<script>window.page = {"section":"news","datePublished":"2020-04-24T21:36:16Z"};</script>""";
        Assert.Equal(new DateOnly(2020, 4, 24), Extract($"<div>{Story}</div>", head).Published);
    }

    [Theory]
    [InlineData("<meta property='og:published_time' content='2019-05-02T08:00:00Z'>")]
    [InlineData("<meta name='dcterms.issued' content='2019-05-02'>")]
    [InlineData("<meta name='citation_publication_date' content='2019/05/02'>")]
    public void More_meta_variants_carry_the_date(string meta) =>
        Assert.Equal(new DateOnly(2019, 5, 2), Extract($"<div>{Story}</div>", meta).Published);

    [Fact]
    public void Item_prop_date_published_on_an_element_is_read() =>
        Assert.Equal(new DateOnly(2019, 5, 2), Extract($"<span itemprop='datePublished' content='2019-05-02'>2 May</span><div>{Story}</div>").Published);
}
