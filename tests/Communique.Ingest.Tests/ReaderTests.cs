using System.IO.Compression;
using System.Text;
using Communique.Core;

namespace Communique.Ingest.Tests;

public sealed class HeaderTests
{
    [Fact]
    public void One_line_header_gives_date_title_and_site()
    {
        var (body, meta, warning) = HeaderParser.Parse(" date 2025-09-30 Images | akorda.kz\n\nBody text.", new DocumentMetadata());
        Assert.Null(warning);
        Assert.Equal(new DateOnly(2025, 9, 30), meta.Published);
        Assert.Equal("Images", meta.Title);
        Assert.Equal("akorda.kz", meta.Site);
        Assert.Equal("\nBody text.", body);
    }

    [Fact]
    public void Key_value_header_ends_at_the_blank_line()
    {
        var (body, meta, _) = HeaderParser.Parse("url: https://www.akorda.kz/en/x\nsite: akorda.kz\ndate: 2025-06-11\ntitle: Talks\n\nThe text.", new DocumentMetadata());
        Assert.Equal("https://www.akorda.kz/en/x", meta.Url);
        Assert.Equal(new DateOnly(2025, 6, 11), meta.Published);
        Assert.Equal("Talks", meta.Title);
        Assert.Equal("The text.", body);
    }

    [Fact]
    public void A_bad_header_date_is_a_warning_not_an_error()
    {
        var (_, meta, warning) = HeaderParser.Parse("date 2025-13-45 Title | site.kz\nText", new DocumentMetadata());
        Assert.Null(meta.Published);
        Assert.NotNull(warning);
    }

    [Fact]
    public void Text_without_a_header_is_left_alone()
    {
        const string text = "President Tokayev met the delegation.\n\nMore.";
        Assert.Equal(text, HeaderParser.Parse(text, new DocumentMetadata()).Body);
    }
}

public sealed class HtmlTests
{
    private const string Page = """
        <html lang="en"><head><title>Site | Talks</title>
        <meta property="og:title" content="Talks in Astana">
        <link rel="canonical" href="https://www.akorda.kz/en/talks">
        <script type="application/ld+json">{"@type":"NewsArticle","headline":"Talks in Astana","datePublished":"2025-09-30T12:00:00+05:00"}</script>
        </head><body>
        <nav class="main-menu"><a href="/">Home</a> <a href="/news">News</a></nav>
        <div class="cookie-banner">We use cookies to improve the site for Italy and France.</div>
        <article><h1>Talks in Astana</h1>
        <div class="news-meta"><span class="views">1 284 views</span></div>
        <p>Kassym-Jomart Tokayev held talks with Sergio Mattarella, who arrived in Astana on an official visit.</p>
        <p>The parties discussed trade, investment, and cultural cooperation between the two countries.</p>
        <div class="share"><a href="#">Facebook</a></div></article>
        <aside class="related-news"><a href="/x">President receives the Ambassador of Japan</a></aside>
        <footer>Address: 6 Mangilik Yel, Astana</footer></body></html>
        """;

    [Fact]
    public void Article_text_keeps_paragraphs_and_drops_boilerplate()
    {
        var article = new HtmlArticleExtractor().Extract(Page, null);
        Assert.Contains("Kassym-Jomart Tokayev held talks", article.Text, StringComparison.Ordinal);
        Assert.Contains("\n\nThe parties discussed", article.Text, StringComparison.Ordinal);
        foreach (var chrome in new[] { "cookies", "1 284", "Facebook", "Ambassador of Japan", "Mangilik", "Home" })
        {
            Assert.DoesNotContain(chrome, article.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Metadata_comes_from_json_ld_open_graph_and_canonical()
    {
        var article = new HtmlArticleExtractor().Extract(Page, null);
        Assert.Equal(new DateOnly(2025, 9, 30), article.Published);
        Assert.Equal("Talks in Astana", article.Title);
        Assert.Equal("https://www.akorda.kz/en/talks", article.Url);
        Assert.Equal("akorda.kz", article.Site);
        Assert.Equal("en", article.Language);
    }

    [Fact]
    public void Paragraphs_split_across_sibling_containers_are_all_kept()
    {
        const string page = """
            <html><body><div id="menu"><a href="/">Home</a></div><div class="content">
            <div class="group"><div class="text"><p>First paragraph of the statement with enough words to count as content.</p></div></div>
            <div class="group"><div class="text"><p>Second paragraph of the statement, with more words, to count as content.</p></div></div>
            <div class="group"><div class="text"><p>Third paragraph one.</p><p>Third paragraph two, long enough to be counted as text.</p><p>Third paragraph three, long enough to be counted as text.</p></div></div>
            </div><div class="col-side"><ul><li><a href="/a">A related story about something else entirely</a></li></ul></div></body></html>
            """;
        var text = new HtmlArticleExtractor().Extract(page, null).Text;
        Assert.Contains("First paragraph", text, StringComparison.Ordinal);
        Assert.Contains("Third paragraph three", text, StringComparison.Ordinal);
        Assert.DoesNotContain("related story", text, StringComparison.Ordinal);
    }
}

public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("communique-ingest-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static async Task<ReadResult> ReadOne(SourceReader reader, string path) => Assert.Single(await reader.ReadAsync(path));

    [Fact]
    public async Task Empty_file_is_a_specific_error()
    {
        var result = await ReadOne(new SourceReader(), Write("empty.txt", []));
        Assert.Equal(ErrorCatalog.EmptyDocument, result.Error!.Code);
    }

    [Fact]
    public async Task Binary_file_is_refused()
    {
        var result = await ReadOne(new SourceReader(), Write("image.txt", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x01, 0x02]));
        Assert.Equal(ErrorCatalog.BinaryContent, result.Error!.Code);
        Assert.NotNull(result.Error.Hint);
    }

    [Fact]
    public async Task Oversized_file_is_refused_with_the_limit_named()
    {
        var path = Write("big.txt", Encoding.UTF8.GetBytes(new string('a', 5000)));
        var result = await ReadOne(new SourceReader(new InputLimits { MaxInputBytes = 1000 }), path);
        Assert.Equal(ErrorCatalog.TooLarge, result.Error!.Code);
        Assert.Contains("1,000", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gzip_bomb_is_stopped_at_the_expansion_limit()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            Array.Fill(zeros, (byte)'a');
            for (var i = 0; i < 20; i++)
            {
                gzip.Write(zeros);
            }
        }

        var path = Write("bomb.html.gz", buffer.ToArray());
        var result = await ReadOne(new SourceReader(new InputLimits { MaxDecompressedBytes = 1 << 20 }), path);
        Assert.Equal(ErrorCatalog.BadCompression, result.Error!.Code);
    }

    [Fact]
    public async Task Invalid_utf8_is_replaced_with_a_warning()
    {
        var bytes = Encoding.UTF8.GetBytes("President Tokayev met ").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes(" the delegation.")).ToArray();
        var result = await ReadOne(new SourceReader(), Write("bad.txt", bytes));
        Assert.NotNull(result.Document);
        Assert.Contains(result.Document.Warnings, w => w.Code == ErrorCatalog.InvalidUtf8);
        Assert.Contains("delegation", result.Document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mixed_scripts_give_a_warning()
    {
        var result = await ReadOne(new SourceReader(), Write("mixed.txt", Encoding.UTF8.GetBytes("Президент Токаев провёл переговоры в Астане с делегацией. President Tokayev.")));
        Assert.Contains(result.Document!.Warnings, w => w.Code == ErrorCatalog.MixedScripts);
    }

    [Fact]
    public async Task Missing_file_is_not_found()
    {
        var result = await ReadOne(new SourceReader(), Path.Combine(_dir, "nope.txt"));
        Assert.Equal(ErrorCatalog.NotFound, result.Error!.Code);
    }

    [Fact]
    public async Task Windows_1251_page_is_decoded_from_its_declaration()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body><article><p>Президент Беларуси Александр Лукашенко провёл встречу с губернатором, and the talks in Minsk went on for a long time indeed.</p></article></body></html>";
        var result = await ReadOne(new SourceReader(), Write("page.html", Encoding.GetEncoding(1251).GetBytes(html)));
        Assert.Contains("Лукашенко", result.Document!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feed_yields_one_document_per_item_with_link_and_date()
    {
        const string rss = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>News</title>
            <item><title>Talks with Laos</title><link>http://en.kremlin.ru/events/president/news/1</link><pubDate>Fri, 03 Oct 2025 17:40:00 +0300</pubDate>
            <description>&lt;p&gt;Vladimir Putin met the Prime Minister of Laos.&lt;/p&gt;</description></item>
            <item><title>Call with the UAE</title><link>http://en.kremlin.ru/events/president/news/2</link><pubDate>Thu, 02 Oct 2025 20:15:00 +0300</pubDate>
            <description><![CDATA[<p>A telephone conversation took place.</p>]]></description></item>
            </channel></rss>
            """;
        var results = await new SourceReader().ReadAsync(Write("feed.xml", Encoding.UTF8.GetBytes(rss)));
        Assert.Equal(2, results.Count);
        Assert.Equal("http://en.kremlin.ru/events/president/news/1", results[0].Document!.Metadata.Url);
        Assert.Equal(new DateOnly(2025, 10, 3), results[0].Document!.Metadata.Published);
        Assert.Equal("en.kremlin.ru", results[1].Document!.Metadata.Site);
        Assert.Contains("Vladimir Putin met", results[0].Document!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_feed_is_an_error_for_that_input_only()
    {
        var reader = new SourceReader();
        var bad = Write("broken.xml", Encoding.UTF8.GetBytes("<rss><channel><item><title>x</title></channel>"));
        var good = Write("good.txt", Encoding.UTF8.GetBytes("President Tokayev met the delegation."));
        var results = new List<ReadResult>();
        await foreach (var r in reader.ReadAllAsync([bad, good]))
        {
            results.Add(r);
        }

        Assert.Equal(ErrorCatalog.UnsupportedFormat, results[0].Error!.Code);
        Assert.NotNull(results[1].Document);
    }
}
