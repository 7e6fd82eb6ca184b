using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Communique.Cli;
using Communique.Storage;
using Communique.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Communique.Server.Tests;

/// <summary>The REST API and the web UI on an in-memory test server over a real SQLite store.</summary>
public sealed class ApiTests : IAsyncLifetime
{
    private const string Key = "test-key";
    private readonly string _path = Fixtures.TempStorePath("api");
    private SqliteStore? _store;
    private WebApplication? _app;
    private HttpClient? _client;

    private HttpClient Client => _client!;

    public async Task InitializeAsync()
    {
        _store = new SqliteStore(_path);
        await _store.MigrateAsync(CancellationToken.None);
        await _store.WriteAsync([Fixtures.Extract(Fixtures.Talks, "https://www.akorda.kz/en/talks", title: "Tokayev and Mattarella hold talks"), Fixtures.Extract(Fixtures.TalksElsewhere, site: "mfa.gov.kz")], CancellationToken.None);
        var store = _store;
        var options = new ServerOptions { ApiKey = Key, RequestsPerMinute = 10_000, Ingest = (items, ct) => RunCommand.IngestAsync(store, Fixtures.Pipeline, items, ct) };
        _app = CommuniqueServer.Build(_store, options, b => b.WebHost.UseTestServer());
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        SqliteStore.DeleteFiles(_path);
    }

    private async Task<HttpResponseMessage> SendWithKeyAsync<T>(HttpMethod method, string url, T body)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", Key);
        return await Client.SendAsync(request);
    }

    [Fact]
    public async Task Search_returns_hits_and_facets()
    {
        using var json = JsonDocument.Parse(await Client.GetStringAsync(new Uri("/api/search?q=Mattarella", UriKind.Relative)));
        Assert.Equal(2, json.RootElement.GetProperty("hits").GetProperty("total").GetInt32());
        Assert.True(json.RootElement.GetProperty("facets").GetProperty("site").GetArrayLength() == 2);
        foreach (var hit in json.RootElement.GetProperty("hits").GetProperty("items").EnumerateArray())
        {
            var snippet = hit.GetProperty("snippet").GetString()!;
            var mark = hit.GetProperty("marks")[0];
            Assert.Equal("Mattarella", snippet[mark.GetProperty("start").GetInt32()..mark.GetProperty("end").GetInt32()]);
        }

        var html = await Client.GetStringAsync(new Uri("/search?q=Mattarella", UriKind.Relative));
        Assert.Contains("<mark>Mattarella</mark>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/events?actor=KAZAKHSTAN", "actor")]
    [InlineData("/api/events?from=30-09-2025", "from")]
    [InlineData("/api/search?q=x&limit=5000", "limit")]
    [InlineData("/api/figures?offset=-1", "offset")]
    public async Task Bad_parameters_get_a_validation_problem(string url, string field)
    {
        using var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Unknown_documents_and_actors_are_problem_404s()
    {
        using var doc = await Client.GetAsync(new Uri("/api/documents/0000000000000000", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, doc.StatusCode);
        Assert.Equal("application/problem+json", doc.Content.Headers.ContentType?.MediaType);
        using var actor = await Client.GetAsync(new Uri("/api/actors/Nobody%20Atall", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, actor.StatusCode);
    }

    [Fact]
    public async Task Events_dyads_and_figures_answer()
    {
        using var events = JsonDocument.Parse(await Client.GetStringAsync(new Uri("/api/events?actor=ITA&recipient=KAZ&type=CONSULT", UriKind.Relative)));
        Assert.True(events.RootElement.GetProperty("total").GetInt32() >= 2);
        using var dyad = JsonDocument.Parse(await Client.GetStringAsync(new Uri("/api/dyads/KAZ/ITA", UriKind.Relative)));
        Assert.Contains(dyad.RootElement.GetProperty("stories").EnumerateArray(), s => s.GetProperty("mentions").GetArrayLength() == 2);
        using var figures = JsonDocument.Parse(await Client.GetStringAsync(new Uri("/api/figures?country=KAZ&other=ITA", UriKind.Relative)));
        Assert.True(figures.RootElement.GetProperty("total").GetInt32() >= 2);
    }

    [Fact]
    public async Task Ingest_requires_the_key_then_stores_and_is_idempotent()
    {
        var body = new[] { new IngestRequest(Fixtures.Call, Site: "akorda.kz", Published: "2024-05-02", Title: "Call") };
        using (var anonymous = await Client.PostAsJsonAsync(new Uri("/api/ingest", UriKind.Relative), body))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var response = await SendWithKeyAsync(HttpMethod.Post, "/api/ingest", body);
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync<IngestResponse>();
        Assert.Equal(1, result!.Added);
        using var second = await SendWithKeyAsync(HttpMethod.Post, "/api/ingest", body);
        Assert.Equal(1, (await second.Content.ReadFromJsonAsync<IngestResponse>())!.Unchanged);
        using var stored = await Client.GetAsync(new Uri("/api/documents/" + result.Ids[0], UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
    }

    [Fact]
    public async Task Users_can_add_offices_with_the_key()
    {
        var body = new[] { new Office("Minister of Culture", "ITA", "2022-10-22", null, "ignored") };
        using (var anonymous = await Client.PutAsJsonAsync(new Uri("/api/actors/Gennaro%20Sangiuliano/offices", UriKind.Relative), body))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var response = await SendWithKeyAsync(HttpMethod.Put, "/api/actors/Gennaro%20Sangiuliano/offices", body);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var office = Assert.Single(json.RootElement.GetProperty("offices").EnumerateArray());
        Assert.Equal("user", office.GetProperty("source").GetString());
        Assert.Equal("2022-10-22", office.GetProperty("from").GetString());
    }

    [Fact]
    public async Task Ingest_rejects_documents_without_text()
    {
        using var response = await SendWithKeyAsync(HttpMethod.Post, "/api/ingest", new[] { new { title = "no text" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_endpoints()
    {
        var openapi = await Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        foreach (var path in new[] { "/api/search", "/api/documents/{id}", "/api/events", "/api/actors/{name}", "/api/dyads/{a}/{b}", "/api/figures", "/api/ingest" })
        {
            Assert.Contains($"\"{path}\"", openapi, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_dossier_page_shows_the_timeline_chart_figures_and_evidence()
    {
        var html = await Client.GetStringAsync(new Uri("/dossier/KAZ/ITA", UriKind.Relative));
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("CONSULT", html, StringComparison.Ordinal);
        Assert.Contains("$7.6 billion", html, StringComparison.Ordinal);
        Assert.Contains("Kassym-Jomart Tokayev <b class=trigger>held talks</b> in Astana", html, StringComparison.Ordinal);
        Assert.Contains("class=because title=\"trigger “held talks”", html, StringComparison.Ordinal);
        Assert.Contains("Sources that disagree", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_document_page_highlights_findings_and_evidence()
    {
        var search = await Client.GetStringAsync(new Uri("/api/search?q=invested", UriKind.Relative));
        var id = JsonDocument.Parse(search).RootElement.GetProperty("hits").GetProperty("items")[0].GetProperty("id").GetString();
        var html = await Client.GetStringAsync(new Uri("/documents/" + id, UriKind.Relative));
        Assert.Contains("<mark class=\"person\"", html, StringComparison.Ordinal);
        Assert.Contains("<mark class=\"figure\"", html, StringComparison.Ordinal);
        Assert.Contains("<span class=evidence>", html, StringComparison.Ordinal);
        Assert.Contains("<b class=trigger>", html, StringComparison.Ordinal);
        Assert.Contains("Why this coding", html, StringComparison.Ordinal);
        Assert.Contains("visit: the release reports a visit by ITA to KAZ", html, StringComparison.Ordinal);
        Assert.Contains("office President: office-holders.tsv, President (ITA)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Script_payloads_in_documents_are_escaped_everywhere()
    {
        const string payload = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        var text = "President of Kazakhstan Kassym-Jomart Tokayev held talks with President of Italy Sergio Mattarella. " + payload + " The sides discussed energy.";
        var doc = Fixtures.Extract(text, "javascript:alert(1)", title: payload);
        await _store!.WriteAsync([doc], CancellationToken.None);
        foreach (var page in new[] { "/documents/" + doc.Id, "/search?q=alert", "/search?q=" + Uri.EscapeDataString(payload), "/dossier/KAZ/ITA", "/" })
        {
            var html = await Client.GetStringAsync(new Uri(page, UriKind.Relative));
            Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
        }
    }
}
