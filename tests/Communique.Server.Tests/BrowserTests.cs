using Communique.Cli;
using Communique.Storage.Sqlite;
using Communique.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Communique.Server.Tests;

/// <summary>A fact that needs Debian's chromium; skipped, with a message, when /usr/bin/chromium is absent.</summary>
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium))
        {
            Skip = $"{Chromium} is absent; install Debian's chromium (apt-get install -y chromium) to run the browser tests.";
        }
    }
}

/// <summary>
/// The web UI in a real browser: the sample releases stored by the same code as <c>communique run</c>, the server
/// on Kestrel at 127.0.0.1, chromium driven by Playwright. Screenshots are kept in TestResults/screenshots.
/// </summary>
public sealed class BrowserTests : IAsyncLifetime
{
    private readonly string _path = Fixtures.TempStorePath("ui");
    private SqliteStore? _store;
    private WebApplication? _app;
    private string _base = string.Empty;

    private static string Screenshots => Path.Combine(SharedData.RepositoryRoot, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumFactAttribute.Chromium))
        {
            return;
        }

        _store = new SqliteStore(_path);
        await _store.MigrateAsync(CancellationToken.None);
        var io = new BufferIo();
        var sources = Communique.Ingest.SourceReader.Expand([Path.Combine(SharedData.RepositoryRoot, "samples")]).ToList();
        var extractor = new BatchExtractor(Fixtures.Pipeline, new Communique.Ingest.SourceReader(Communique.Ingest.InputLimits.Default), 2);
        await RunCommand.StoreAsync(io, _store, extractor, sources, CancellationToken.None);
        _app = CommuniqueServer.Build(_store, new ServerOptions(), b => b.WebHost.UseUrls("http://127.0.0.1:0"));
        await _app.StartAsync();
        _base = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Directory.CreateDirectory(Screenshots);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
            SqliteStore.DeleteFiles(_path);
        }
    }

    /// <summary>Runs <paramref name="test"/> on a fresh page of Debian's chromium.</summary>
    private static async Task WithPageAsync(Func<IPage, Task> test)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(90_000); // two cores shared with the other test classes
        await test(page);
    }

    [ChromiumFact]
    public async Task Search_open_a_document_and_see_the_highlighted_evidence()
    {
        await WithPageAsync(async page =>
        {
            await page.GotoAsync(_base + "/");
            await page.FillAsync("input[name=q]", "Mattarella");
            await page.ClickAsync("form.search button");
            // Navigations are awaited until committed; the locators below wait for the content itself.
            await page.WaitForURLAsync("**/search?q=Mattarella", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
            await page.Locator(".hit").First.WaitForAsync();
            var first = page.Locator(".hit a").First;
            Assert.True(await page.Locator(".hit").CountAsync() >= 2);
            await first.ClickAsync();
            await page.WaitForURLAsync("**/documents/**", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
            var evidence = page.Locator(".text span.evidence").First;
            await evidence.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
            Assert.True(await page.Locator(".text mark.person").CountAsync() > 0);
            Assert.True(await page.Locator(".ev").CountAsync() > 0);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "document.png"), FullPage = true });
        });
    }

    [ChromiumFact]
    public async Task The_dossier_shows_the_seed_events_and_figures()
    {
        await WithPageAsync(async page =>
        {
            await page.GotoAsync(_base + "/dossier/KAZ/ITA");
            await page.Locator("svg rect").First.WaitForAsync();
            var body = await page.InnerTextAsync("main");
            Assert.Contains("who is in Kazakhstan on an official visit", body, StringComparison.Ordinal);
            Assert.Contains("$7.6 billion", body, StringComparison.Ordinal);
            Assert.Contains("Sources that disagree", body, StringComparison.Ordinal);
            Assert.True(await page.Locator("tr.story").CountAsync() >= 5);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "dossier-KAZ-ITA.png"), FullPage = true });
        });
    }
}
