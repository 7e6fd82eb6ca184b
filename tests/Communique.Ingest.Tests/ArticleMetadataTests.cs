using System.Text;
using Communique.Core;

namespace Communique.Ingest.Tests;

public sealed class AuthorTests
{
    private static readonly string Body = string.Concat(Enumerable.Repeat(
        "<p>The President held talks with the Prime Minister on trade, energy and transport, and both sides agreed to meet again in spring.</p>", 4));

    private static Article Extract(string head, string body) =>
        new HtmlArticleExtractor().Extract($"<html><head>{head}</head><body>{body}</body></html>", "https://example.gov/news/1");

    [Fact]
    public void Json_ld_author_object_array_and_string()
    {
        Assert.Equal("Jane Doe", Extract("""<script type="application/ld+json">{"@type":"NewsArticle","headline":"H","author":{"@type":"Person","name":"Jane Doe"}}</script>""", $"<article>{Body}</article>").Author);
        Assert.Equal("Jane Doe, John Roe", Extract("""<script type="application/ld+json">{"headline":"H","author":[{"name":"Jane Doe"},{"name":"John Roe"}]}</script>""", $"<article>{Body}</article>").Author);
        Assert.Equal("Press Service", Extract("""<script type="application/ld+json">{"headline":"H","author":"Press Service"}</script>""", $"<article>{Body}</article>").Author);
    }

    [Fact]
    public void Meta_author_wins_over_the_byline_and_urls_are_not_names()
    {
        Assert.Equal("Aigerim Sultanova", Extract("""<meta name="author" content="Aigerim Sultanova">""", $"<div class='byline'>By Someone Else</div><article>{Body}</article>").Author);
        Assert.Equal("Marco Rossi", Extract("""<meta property="article:author" content="https://facebook.com/someone"><meta name="byl" content="By Marco Rossi">""", $"<article>{Body}</article>").Author);
    }

    [Theory]
    [InlineData("By Jane Doe | 3 May 2024", "Jane Doe")]
    [InlineData("By Bryan Smith @BSmith Nov 18, 2019 at 9:24 pm ET", "Bryan Smith")]
    [InlineData("Posted by Anna Lee, Reuters", "Anna Lee, Reuters")]
    [InlineData("Jane Doe - Updated 12/03/2024", "Jane Doe")]
    public void Byline_elements_are_cleaned(string byline, string expected) =>
        Assert.Equal(expected, Extract(string.Empty, $"<p class='byline'>{byline}</p><article>{Body}</article>").Author);

    [Fact]
    public void A_long_author_box_is_not_a_name()
    {
        var bio = "<div class='author'>Jane Doe writes about foreign policy and has covered Central Asia for many years from Almaty and Tashkent.</div>";
        Assert.Null(Extract(string.Empty, $"{bio}<article>{Body}</article>").Author);
        Assert.Null(Extract(string.Empty, $"<article>{Body}</article>").Author);
    }
}

public sealed class ImageTests
{
    private static readonly string Text = string.Concat(Enumerable.Repeat(
        "<p>The President held talks with the Prime Minister on trade, energy and transport, and both sides agreed to meet again in spring.</p>", 4));

    private static IReadOnlyList<ArticleImage> Images(string article, string head = "", string? url = "https://www.example.gov/en/news/talks.html") =>
        new HtmlArticleExtractor().Extract($"<html><head>{head}</head><body><article>{article}</article></body></html>", url).Images;

    [Fact]
    public void Figure_gives_its_figcaption_and_relative_sources_resolve_against_the_page()
    {
        var images = Images($"<figure><img src='/img/talks.jpg' alt='Two leaders'><figcaption> The leaders at the\n Akorda </figcaption></figure>{Text}");
        var image = Assert.Single(images);
        Assert.Equal("https://www.example.gov/img/talks.jpg", image.Url);
        Assert.Equal("Two leaders", image.Alt);
        Assert.Equal("The leaders at the Akorda", image.Caption);
    }

    [Fact]
    public void Caption_classes_after_the_image_or_its_wrapper_count()
    {
        var images = Images(
            "<div class='wp-caption'><a href='/big.jpg'><img src='a.jpg'></a><p class='wp-caption-text'>Caption A</p></div>" +
            "<div class='photo'><img src='b.jpg'></div><div class='photo-credit'>Photo: press service</div>" +
            Text);
        Assert.Equal(["Caption A", "Photo: press service"], images.Select(i => i.Caption));
        Assert.Equal("https://www.example.gov/en/news/a.jpg", images[0].Url);
    }

    [Fact]
    public void Gallery_images_do_not_take_each_others_captions()
    {
        var images = Images(
            "<div class='gallery'><div class='item'><img src='1.jpg'></div><div class='item'><img src='2.jpg'><span class='caption'>Second</span></div></div>" + Text);
        Assert.Equal(2, images.Count);
        Assert.Null(images[0].Caption);
        Assert.Equal("Second", images[1].Caption);
    }

    [Fact]
    public void Lazy_sources_are_read_and_pixels_icons_data_uris_and_duplicates_skipped()
    {
        var images = Images(
            "<img src='data:image/gif;base64,R0lGOD' data-src='https://cdn.example.gov/lazy.jpg' alt='lazy'>" +
            "<img srcset='//cdn.example.gov/set-480.jpg 480w, //cdn.example.gov/set-800.jpg 800w'>" +
            "<img src='/pixel.gif' width='1' height='1'>" +
            "<img src='/icon.png' width='32'>" +
            "<img src='https://cdn.example.gov/lazy.jpg'>" +
            Text);
        Assert.Equal(["https://cdn.example.gov/lazy.jpg", "https://cdn.example.gov/set-480.jpg"], images.Select(i => i.Url));
    }

    [Fact]
    public void Images_in_boilerplate_are_not_the_articles_and_title_is_the_last_resort()
    {
        var images = Images($"<div class='share-buttons'><img src='/fb.png'></div><img src='/main.jpg' title='Signing ceremony'>{Text}");
        var image = Assert.Single(images);
        Assert.EndsWith("/main.jpg", image.Url, StringComparison.Ordinal);
        Assert.Equal("Signing ceremony", image.Caption);
    }

    [Fact]
    public void Open_graph_image_stands_in_when_the_body_has_none()
    {
        var images = Images(Text, "<meta property='og:image' content='https://www.example.gov/lead.jpg'><meta property='og:image:alt' content='Lead photo'>");
        var image = Assert.Single(images);
        Assert.Equal(new ArticleImage("https://www.example.gov/lead.jpg", "Lead photo", null), image);
    }

    [Fact]
    public void Images_and_author_reach_the_documents_json()
    {
        var html = $"<html><head><meta name='author' content='Press Office'></head><body><article><figure><img src='/p.jpg'><figcaption>At the talks</figcaption></figure>{Text}</article></body></html>";
        var raw = new SourceReader().DecodeAll("page.html", Encoding.UTF8.GetBytes(html), "https://www.example.gov/en/n/1", "text/html").Single();
        Assert.Equal("Press Office", raw.Metadata.Author);
        var document = Communique.Text.DocumentFactory.Create(raw.Text, raw.Metadata);
        using var stream = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(stream))
        {
            DocumentJson.Write(writer, document);
        }

        using var json = System.Text.Json.JsonDocument.Parse(stream.ToArray());
        Assert.Equal("Press Office", json.RootElement.GetProperty("author").GetString());
        var image = json.RootElement.GetProperty("images")[0];
        Assert.Equal("https://www.example.gov/p.jpg", image.GetProperty("url").GetString());
        Assert.Equal("At the talks", image.GetProperty("caption").GetString());
    }
}

public sealed class LanguageTests
{
    private const string English = "President Tokayev held talks with the Prime Minister of Italy in Astana. The parties discussed trade, energy and transport, and agreed that the intergovernmental commission will meet in Rome this spring. Both sides noted the growth of investment.";

    private const string Russian = "Президент Казахстана провёл переговоры с Президентом Италии в Акорде. Стороны обсудили вопросы торгово-экономического сотрудничества, энергетики и транспорта, а также договорились провести очередное заседание межправительственной комиссии в Риме весной.";

    private const string German = "Der Bundeskanzler hat heute in Berlin den Präsidenten Kasachstans empfangen. Die beiden Seiten sprachen über die Zusammenarbeit in den Bereichen Energie, Handel und Verkehr und vereinbarten, die Regierungskommission im Frühjahr in Astana einzuberufen.";

    [Fact]
    public void English_takes_the_fast_path_and_the_models_agree()
    {
        Assert.Equal("en", LanguageIdentifier.Default.Identify(English));
        Assert.Equal("en", new LanguageIdentifier(fastEnglish: false).Identify(English));
        Assert.True(LanguageIdentifier.LooksEnglish(English));
        Assert.False(LanguageIdentifier.LooksEnglish(German));
    }

    [Fact]
    public void Other_languages_are_identified_and_short_texts_are_not()
    {
        Assert.Equal("ru", LanguageIdentifier.Default.Identify(Russian));
        Assert.Equal("de", LanguageIdentifier.Default.Identify(German));
        Assert.Null(LanguageIdentifier.Default.Identify("Astana, 30 September"));
    }

    [Fact]
    public void The_texts_language_wins_over_the_pages_and_non_english_warns()
    {
        var html = $"<html lang='en'><head><title>Besuch</title></head><body><article><p>{German}</p><p>{German}</p></article></body></html>";
        var raw = new SourceReader().DecodeAll("page.html", Encoding.UTF8.GetBytes(html)).Single();
        Assert.Equal("de", raw.Metadata.Language);
        var warning = Assert.Single(raw.Warnings, w => w.Code == ErrorCatalog.UnsupportedLanguage);
        Assert.Contains("German", warning.Message, StringComparison.Ordinal);

        var english = new SourceReader().DecodeAll("release.txt", Encoding.UTF8.GetBytes(English)).Single();
        Assert.Equal("en", english.Metadata.Language);
        Assert.DoesNotContain(english.Warnings, w => w.Code == ErrorCatalog.UnsupportedLanguage);
    }
}

public sealed class WarcSourceTests
{
    private static byte[] Record(string type, string uri, string contentType, byte[] block)
    {
        var header = $"WARC/1.1\r\nWARC-Type: {type}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-10-01T08:00:00Z\r\nWARC-Record-ID: <urn:uuid:{Guid.NewGuid()}>\r\nContent-Type: {contentType}\r\nContent-Length: {block.Length}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(header), .. block, .. "\r\n\r\n"u8];
    }

    private static byte[] Http(int status, string contentType, string body) =>
        Encoding.UTF8.GetBytes($"HTTP/1.1 {status} X\r\nContent-Type: {contentType}\r\n\r\n{body}");

    [Fact]
    public async Task Warc_files_yield_their_pages_and_pass_over_other_records()
    {
        const string Paragraph = "<p>President Tokayev held talks with President Mattarella in Astana on trade, energy and transport, and both sides agreed to meet again.</p>";
        var page = $"<html><head><title>Talks</title></head><body><article>{Paragraph}{Paragraph}</article></body></html>";
        var bytes = (byte[])[
            .. Record("request", "https://www.akorda.kz/en/talks", "application/http; msgtype=request", "GET /en/talks HTTP/1.1\r\n\r\n"u8.ToArray()),
            .. Record("response", "https://www.akorda.kz/en/talks", "application/http; msgtype=response", Http(200, "text/html; charset=utf-8", page)),
            .. Record("response", "https://www.akorda.kz/logo.png", "application/http; msgtype=response", Http(200, "image/png", "PNG")),
            .. Record("response", "https://www.akorda.kz/en/missing", "application/http; msgtype=response", Http(404, "text/html", "<p>Not found</p>")),
            .. "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 12x\r\n\r\n"u8.ToArray(),
        ];
        var path = Path.Combine(Path.GetTempPath(), $"communique-{Guid.NewGuid():N}.warc.gz");
        try
        {
            await using (var file = File.Create(path))
            await using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
            {
                await gzip.WriteAsync(bytes);
            }

            Assert.True(SourceReader.IsSupported(path));
            var results = new List<ReadResult>();
            await foreach (var r in new SourceReader().ReadAllAsync([path]))
            {
                results.Add(r);
            }

            var document = Assert.Single(results, r => r.Document is not null).Document!;
            Assert.Equal("https://www.akorda.kz/en/talks", document.Metadata.Url);
            Assert.Equal("akorda.kz", document.Metadata.Site);
            Assert.Contains("Mattarella", document.Text, StringComparison.Ordinal);
            var error = Assert.Single(results, r => r.Error is not null).Error!;
            Assert.Equal(ErrorCatalog.UnsupportedFormat, error.Code);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
