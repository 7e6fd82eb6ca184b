using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Communique.Core;
using Communique.Ingest.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Communique.Ingest.Tests;

/// <summary>
/// A fixture site written for these tests, served by Kestrel on 127.0.0.1: robots rules, redirects, 304s, errors,
/// slow and oversized responses, a windows-1251 page, a feed and a sitemap. It records when each request arrived.
/// </summary>
public sealed class FixtureSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentQueue<(string Path, long Ticks)> Requests { get; } = new();

    public ConcurrentDictionary<string, int> Hits { get; } = new();

    public Uri Base { get; private set; } = null!;

    private FixtureSite(WebApplication app) => _app = app;

    public static async Task<FixtureSite> StartAsync(string robots = "User-agent: *\nDisallow: /private\n", int robotsStatus = 200)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var site = new FixtureSite(app);
        app.Use(async (context, next) =>
        {
            site.Requests.Enqueue((context.Request.Path + context.Request.QueryString, Stopwatch.GetTimestamp()));
            site.Hits.AddOrUpdate(context.Request.Path, 1, (_, n) => n + 1);
            await next(context);
        });
        static string Page(string title, string body) =>
            $"<!doctype html><html><head><title>{title}</title><meta name=\"date\" content=\"2025-09-30\"></head><body><article><h1>{title}</h1>{body}</article></body></html>";
        const string Talks = "<p>President of Kazakhstan Kassym-Jomart Tokayev held talks in Astana with President of Italy Sergio Mattarella, who is in Kazakhstan on an official visit.</p><p>The sides discussed energy, transport and culture, and agreed to meet again next year.</p>";
        app.MapGet("/robots.txt", (HttpContext c) => robotsStatus == 200 ? Results.Text(robots, "text/plain") : Results.StatusCode(robotsStatus));
        app.MapGet("/page", () => Results.Content(Page("Talks in Astana", Talks), "text/html; charset=utf-8"));
        app.MapGet("/page2", () => Results.Content(Page("Another release", "<p>Prime Minister of Italy Giorgia Meloni had a telephone conversation with President of Kazakhstan Kassym-Jomart Tokayev. The leaders discussed trade.</p><p>They agreed on a visit.</p>"), "text/html"));
        app.MapGet("/private/page", () => Results.Content(Page("Private", Talks), "text/html"));
        app.MapGet("/loop", () => Results.Redirect("/loop2"));
        app.MapGet("/loop2", () => Results.Redirect("/loop"));
        app.MapGet("/moved", () => Results.Redirect("/page"));
        app.MapGet("/etag", (HttpContext c) =>
        {
            if (c.Request.Headers.IfNoneMatch.ToString() == "\"v1\"")
            {
                return Results.StatusCode(304);
            }

            c.Response.Headers.ETag = "\"v1\"";
            return Results.Content(Page("Cached", Talks), "text/html");
        });
        app.MapGet("/error", () => Results.StatusCode(503));
        app.MapGet("/gone", () => Results.StatusCode(404));
        app.MapGet("/slow", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            return Results.Content(Page("Slow", Talks), "text/html");
        });
        app.MapGet("/big", async (HttpContext c) =>
        {
            c.Response.ContentType = "text/html";
            var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            for (var i = 0; i < 64; i++)
            {
                await c.Response.Body.WriteAsync(chunk);
            }
        });
        app.MapGet("/image.png", () => Results.Bytes([0x89, 0x50, 0x4E, 0x47], "image/png"));
        app.MapGet("/cyrillic", () =>
        {
            var html = "<html><head><title>Переговоры</title></head><body><article><p>Президент Казахстана провёл переговоры в Астане.</p><p>President Tokayev held talks in Astana with the President of Italy.</p></article></body></html>";
            return Results.Bytes(Encoding.GetEncoding("windows-1251").GetBytes(html), "text/html; charset=windows-1251");
        });
        app.MapGet("/feed.xml", (HttpContext c) =>
        {
            var b = c.Request.Scheme + "://" + c.Request.Host;
            return Results.Text($"""<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><item><title>Talks</title><link>{b}/page</link><pubDate>Tue, 30 Sep 2025 10:00:00 GMT</pubDate><description>Short.</description></item><item><title>Call</title><link>{b}/page2?utm_source=rss</link><pubDate>Tue, 30 Sep 2025 12:00:00 GMT</pubDate><description>Short.</description></item></channel></rss>""", "application/rss+xml");
        });
        app.MapGet("/sitemap.xml", (HttpContext c) =>
        {
            var b = c.Request.Scheme + "://" + c.Request.Host;
            return Results.Text($"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{b}/page</loc><lastmod>2025-09-30</lastmod></url><url><loc>{b}/page2</loc><lastmod>2025-10-01</lastmod></url><url><loc>{b}/old</loc><lastmod>2019-01-01</lastmod></url></urlset>""", "application/xml");
        });
        app.MapGet("/old", () => Results.Content(Page("Old", Talks), "text/html"));
        app.MapGet("/copy", () => Results.Content(Page("Talks in Astana (copy)", Talks), "text/html"));
        await app.StartAsync();
        site.Base = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return site;
    }

    public Uri Url(string path) => new(Base, path);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed class FetcherTests
{
    static FetcherTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static PoliteFetcher Fetcher(TimeSpan? delay = null, TimeSpan? timeout = null, long maxBytes = 1024 * 1024) => new(new FetchOptions
    {
        PerHostDelay = delay ?? TimeSpan.FromMilliseconds(20),
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
        MaxBodyBytes = maxBytes,
        Retries = 1,
        RetryDelay = TimeSpan.FromMilliseconds(50),
        AllowedNetworks = ["127.0.0.1"],
    });

    private static async Task<CommuniqueException> Fails(Func<Task> action) => await Assert.ThrowsAsync<CommuniqueException>(action);

    [Fact]
    public async Task Robots_rules_are_obeyed()
    {
        await using var site = await FixtureSite.StartAsync();
        using var fetcher = Fetcher();
        var ok = await fetcher.FetchAsync(site.Url("/page"), CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        var refused = await Fails(() => fetcher.FetchAsync(site.Url("/private/page"), CancellationToken.None));
        Assert.Equal("CQ2501", refused.Code.Code);
        Assert.False(site.Hits.ContainsKey("/private/page"));
        Assert.Equal(1, site.Hits["/robots.txt"]); // cached
    }

    [Fact]
    public async Task A_failing_robots_txt_disallows_and_a_missing_one_allows()
    {
        await using (var failing = await FixtureSite.StartAsync(robotsStatus: 503))
        {
            using var fetcher = Fetcher();
            Assert.Equal("CQ2501", (await Fails(() => fetcher.FetchAsync(failing.Url("/page"), CancellationToken.None))).Code.Code);
        }

        await using var missing = await FixtureSite.StartAsync(robotsStatus: 404);
        using var again = Fetcher();
        Assert.Equal(HttpStatusCode.OK, (await again.FetchAsync(missing.Url("/page"), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Loopback_is_refused_unless_allowed()
    {
        await using var site = await FixtureSite.StartAsync();
        using var fetcher = new PoliteFetcher(new FetchOptions { PerHostDelay = TimeSpan.Zero, Retries = 0 });
        var refused = await Fails(() => fetcher.FetchAsync(site.Url("/page"), CancellationToken.None));
        Assert.Equal("CQ2502", refused.Code.Code);
        Assert.Empty(site.Requests);
    }

    [Theory]
    [InlineData("169.254.169.254", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.20.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00:ec2::254", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2a00:1450:4001:81b::200e", true)]
    public void The_address_guard_refuses_special_addresses(string address, bool allowed) =>
        Assert.Equal(allowed, new AddressGuard().IsAllowed(IPAddress.Parse(address)));

    [Fact]
    public async Task Requests_to_one_host_keep_the_delay()
    {
        await using var site = await FixtureSite.StartAsync("User-agent: *\nAllow: /\n");
        using var fetcher = Fetcher(delay: TimeSpan.FromMilliseconds(300));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => fetcher.FetchAsync(site.Url(i % 2 == 0 ? "/page" : "/page2") , CancellationToken.None)));
        var times = site.Requests.Select(r => r.Ticks).Order().ToList();
        Assert.Equal(5, times.Count); // robots.txt and four pages
        for (var i = 1; i < times.Count; i++)
        {
            var gap = (times[i] - times[i - 1]) / (double)Stopwatch.Frequency;
            Assert.True(gap >= 0.29, $"requests {gap * 1000:0} ms apart");
        }
    }

    [Fact]
    public async Task Crawl_delay_is_honoured()
    {
        await using var site = await FixtureSite.StartAsync("User-agent: *\nCrawl-delay: 0.5\n");
        using var fetcher = Fetcher(delay: TimeSpan.FromMilliseconds(10));
        await fetcher.FetchAsync(site.Url("/page"), CancellationToken.None);
        await fetcher.FetchAsync(site.Url("/page2"), CancellationToken.None);
        var times = site.Requests.Select(r => r.Ticks).ToList();
        Assert.True((times[2] - times[1]) / (double)Stopwatch.Frequency >= 0.49);
    }

    [Fact]
    public async Task Redirects_are_followed_and_loops_stopped()
    {
        await using var site = await FixtureSite.StartAsync();
        using var fetcher = Fetcher();
        var moved = await fetcher.FetchAsync(site.Url("/moved"), CancellationToken.None);
        Assert.EndsWith("/page", moved.Url.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("CQ2504", (await Fails(() => fetcher.FetchAsync(site.Url("/loop"), CancellationToken.None))).Code.Code);
    }

    [Fact]
    public async Task A_second_fetch_revalidates_with_the_etag()
    {
        await using var site = await FixtureSite.StartAsync();
        using var fetcher = Fetcher();
        var first = await fetcher.FetchAsync(site.Url("/etag"), CancellationToken.None);
        var second = await fetcher.FetchAsync(site.Url("/etag"), CancellationToken.None);
        Assert.False(first.NotModified);
        Assert.True(second.NotModified);
        Assert.Equal(first.Body, second.Body);
    }

    [Fact]
    public async Task Server_errors_are_retried_then_reported_and_client_errors_are_not_retried()
    {
        await using var site = await FixtureSite.StartAsync();
        using var fetcher = Fetcher();
        var error = await Fails(() => fetcher.FetchAsync(site.Url("/error"), CancellationToken.None));
        Assert.Equal("CQ2503", error.Code.Code);
        Assert.True(error.Code.IsTransient);
        Assert.Equal(2, site.Hits["/error"]);
        var gone = await Fails(() => fetcher.FetchAsync(site.Url("/gone"), CancellationToken.None));
        Assert.False(gone.Code.IsTransient);
        Assert.Equal(1, site.Hits["/gone"]);
    }

    [Fact]
    public async Task Slow_big_and_non_document_responses_fail_with_their_own_codes()
    {
        await using var site = await FixtureSite.StartAsync();
        using var fetcher = Fetcher(timeout: TimeSpan.FromMilliseconds(500), maxBytes: 1024 * 1024);
        Assert.Equal("CQ2505", (await Fails(() => fetcher.FetchAsync(site.Url("/slow"), CancellationToken.None))).Code.Code);
        Assert.Equal("CQ2003", (await Fails(() => fetcher.FetchAsync(site.Url("/big"), CancellationToken.None))).Code.Code);
        Assert.Equal("CQ2506", (await Fails(() => fetcher.FetchAsync(site.Url("/image.png"), CancellationToken.None))).Code.Code);
        Assert.Equal("CQ2508", (await Fails(() => fetcher.FetchAsync(new Uri("ftp://example.org/x"), CancellationToken.None))).Code.Code);
    }

    [Fact]
    public async Task The_charset_of_the_response_decodes_the_page()
    {
        await using var site = await FixtureSite.StartAsync();
        using var fetcher = Fetcher();
        var page = await fetcher.FetchAsync(site.Url("/cyrillic"), CancellationToken.None);
        var documents = new SourceReader().DecodeAll(page.Url.ToString(), page.Body, page.Url.ToString(), page.ContentType);
        Assert.Contains("Президент Казахстана", documents[0].Text, StringComparison.Ordinal);
        Assert.Equal(page.Url.ToString(), documents[0].Metadata.Url);
    }

    [Fact]
    public async Task Feeds_are_followed_to_their_pages_once_each()
    {
        await using var site = await FixtureSite.StartAsync();
        using var fetcher = Fetcher();
        var crawler = new Crawler(fetcher, new SourceReader(), new CrawlOptions { Follow = Follow.Feeds });
        var results = await crawler.CrawlAsync([site.Url("/feed.xml"), site.Url("/page?utm_campaign=x")], CancellationToken.None).ToListAsync();
        var documents = results.Where(r => r.Document is not null).ToList();
        Assert.Equal(2, documents.Count);
        Assert.Contains(documents, d => d.Document!.Text.Contains("Mattarella", StringComparison.Ordinal));
        Assert.Contains(documents, d => d.Document!.Text.Contains("Meloni", StringComparison.Ordinal));
        Assert.Equal(1, site.Hits["/page"]);
    }

    [Fact]
    public async Task Sitemaps_are_read_with_the_date_bound_and_copies_are_skipped()
    {
        await using var site = await FixtureSite.StartAsync();
        using var fetcher = Fetcher();
        var crawler = new Crawler(fetcher, new SourceReader(), new CrawlOptions { Follow = Follow.Sitemaps, Since = new DateOnly(2025, 1, 1) });
        var results = await crawler.CrawlAsync([site.Url("/sitemap.xml"), site.Url("/copy")], CancellationToken.None).ToListAsync();
        Assert.Equal(2, results.Count(r => r.Document is not null));
        Assert.False(site.Hits.ContainsKey("/old"));
        Assert.Contains(results, r => r.Error?.Code.Code == "CQ2509"); // /copy repeats /page
    }

    [Fact]
    public void Urls_normalise_for_deduplication()
    {
        Assert.Equal(UrlNormalizer.Normalize(new Uri("https://www.akorda.kz/en/news/1/?utm_source=x&b=2&a=1#top")), UrlNormalizer.Normalize(new Uri("http://akorda.kz/en/news/1?a=1&b=2")));
        Assert.NotEqual(UrlNormalizer.Normalize(new Uri("https://akorda.kz/en/news/1")), UrlNormalizer.Normalize(new Uri("https://akorda.kz/en/news/2")));
    }

    [Fact]
    public void Near_duplicates_are_close_and_other_texts_far()
    {
        var text = string.Join(' ', Enumerable.Range(0, 12).Select(i =>
            $"In meeting {i} President of Kazakhstan Kassym-Jomart Tokayev and President of Italy Sergio Mattarella discussed energy, transport and culture."));
        var near = text.Replace("meeting 3 ", "session 3 ", StringComparison.Ordinal);
        var other = string.Join(' ', Enumerable.Range(0, 12).Select(i => $"Note {i}: the Ministry summoned the ambassador over the statement and handed a protest about the border incident."));
        Assert.True(SimHash.Distance(SimHash.Of(text), SimHash.Of(near)) <= 12);
        Assert.True(SimHash.Jaccard(SimHash.Shingles(text), SimHash.Shingles(near)) >= 0.85);
        Assert.True(SimHash.Distance(SimHash.Of(text), SimHash.Of(other)) > 12);
        Assert.True(SimHash.Jaccard(SimHash.Shingles(text), SimHash.Shingles(other)) < 0.1);
    }
}
