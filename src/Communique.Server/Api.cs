using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Communique.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Communique.Server;

/// <summary>Builds the web application: the REST API under <c>/api</c>, its OpenAPI document and the web UI.</summary>
public static partial class CommuniqueServer
{
    /// <summary>
    /// Builds the application over <paramref name="store"/>. <paramref name="configure"/> may adjust the builder
    /// (URLs, a test server) before it is built.
    /// </summary>
    public static WebApplication Build(IStore store, ServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(options);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy("api", context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.RequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.MapOpenApi("/openapi/{documentName}.json");
        MapApi(app.MapGroup("/api").RequireRateLimiting("api"), options);
        Ui.Map(app);
        return app;
    }

    private static void MapApi(RouteGroupBuilder api, ServerOptions options)
    {
        api.MapGet("/search", async (IStore store, string? q, string? site, string? country, string? person, string? type, string? from, string? to, string? sort, int? offset, int? limit, CancellationToken ct) =>
        {
            var errors = Validate(("country", country, Iso3), ("from", from, Day), ("to", to, Day), ("type", type, Word));
            Page(errors, offset, limit, 200);
            if (sort is not (null or "date" or "relevance"))
            {
                errors["sort"] = ["date (newest first, the default) or relevance."];
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            return Results.Ok(await store.SearchAsync(new SearchQuery(q, site, country, person, type, from, to, offset ?? 0, limit ?? 20, sort == "relevance"), ct).ConfigureAwait(false));
        }).WithName("Search").WithSummary("Full-text search, newest first (sort=relevance for BM25), with plain-text snippets and the offsets of the matched words in them, a total counted up to 1,000, and facets (site, country, person, event type, year) over the first 200 matches.");

        api.MapGet("/documents/{id}", async (IStore store, string id, CancellationToken ct) =>
            await store.GetDocumentAsync(id, ct).ConfigureAwait(false) is { } doc
                ? Results.Ok(doc)
                : Results.Problem(statusCode: 404, title: "No such document", detail: $"No document has the id '{id}'."))
            .WithName("GetDocument").WithSummary("A document with its people, entities, figures, topics, events and highlights.");

        api.MapGet("/events", async (IStore store, string? actor, string? recipient, string? type, string? from, string? to, int? offset, int? limit, CancellationToken ct) =>
        {
            var errors = Validate(("actor", actor, Iso3), ("recipient", recipient, Iso3), ("from", from, Day), ("to", to, Day), ("type", type, Word));
            Page(errors, offset, limit, 1000);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            return Results.Ok(await store.EventsAsync(new EventQuery(actor, recipient, type, from, to, Offset: offset ?? 0, Limit: limit ?? 50), ct).ConfigureAwait(false));
        }).WithName("Events").WithSummary("Events by actor, recipient, PLOVER type and date range, newest first.");

        api.MapGet("/actors/{name}", async (IStore store, string name, CancellationToken ct) =>
            await store.ActorAsync(name, ct).ConfigureAwait(false) is { } actor
                ? Results.Ok(actor)
                : Results.Problem(statusCode: 404, title: "No such actor", detail: $"Nobody named '{name}' is in the store or the office-holder table."))
            .WithName("Actor").WithSummary("An actor's offices over time and events.");

        api.MapGet("/dyads/{a}/{b}", async (IStore store, string a, string b, CancellationToken ct) =>
        {
            var errors = Validate(("a", a, Iso3), ("b", b, Iso3));
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            var dossier = await DossierBuilder.BuildAsync(store, a, b, ct).ConfigureAwait(false);
            return Results.Ok(new
            {
                dossier.A,
                dossier.B,
                dossier.Stories,
                CountsByYear = dossier.CountsByYear.Select(c => new { c.Year, c.Type, c.Count }),
                CountsByMonth = dossier.CountsByMonth.Select(c => new { c.Month, c.Type, c.Count }),
                dossier.Figures,
                dossier.Sectors,
                dossier.Formats,
                dossier.Disagreements,
            });
        }).WithName("Dyad").WithSummary("The bilateral dossier of two countries (ISO3 codes).");

        api.MapPut("/actors/{name}/offices", async (HttpContext context, IStore store, ServerOptions settings, string name, List<Office>? offices, CancellationToken ct) =>
        {
            if (Unauthorized(context, settings) is { } denied)
            {
                return denied;
            }

            var errors = new Dictionary<string, string[]>();
            if (offices is null || offices.Count == 0)
            {
                errors["body"] = ["Send a JSON array of offices: {role, country, from, to}."];
            }
            else
            {
                for (var i = 0; i < offices.Count; i++)
                {
                    if (string.IsNullOrWhiteSpace(offices[i].Role))
                    {
                        errors[$"[{i}].role"] = ["Required."];
                    }

                    foreach (var (field, value) in new[] { ("from", offices[i].From), ("to", offices[i].To) })
                    {
                        if (value is not null && !Day.IsMatch(value))
                        {
                            errors[$"[{i}].{field}"] = ["Write dates as YYYY-MM-DD."];
                        }
                    }
                }
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            // User edits are their own source, kept beside the seeded and learned terms.
            await store.PutOfficesAsync([.. offices!.Select(o => (name, o with { Source = "user" }))], ct).ConfigureAwait(false);
            return Results.Ok(await store.ActorAsync(name, ct).ConfigureAwait(false));
        }).WithName("EditOffices").WithSummary("Adds or corrects offices of an actor in the knowledge base (requires the X-Api-Key header).");

        api.MapGet("/figures", async (IStore store, string? about, string? country, string? other, int? offset, int? limit, CancellationToken ct) =>
        {
            var errors = Validate(("country", country, Iso3), ("other", other, Iso3));
            Page(errors, offset, limit, 1000);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            return Results.Ok(await store.FiguresAsync(new FigureQuery(about, country, other, offset ?? 0, limit ?? 100), ct).ConfigureAwait(false));
        }).WithName("Figures").WithSummary("Figures by meaning (trade, investment, companies…) and country.");

        api.MapPost("/ingest", async (HttpContext context, ServerOptions settings, CancellationToken ct) =>
        {
            if (settings.Ingest is null || Unauthorized(context, settings) is { } denied)
            {
                return settings.Ingest is null ? Results.Problem(statusCode: 403, title: "Ingest is off", detail: "This server cannot extract documents.") : Unauthorized(context, settings)!;
            }

            if (context.Request.ContentLength is > 0 and var length && length > settings.MaxIngestBytes)
            {
                return Results.Problem(statusCode: 413, title: "Too large", detail: $"At most {settings.MaxIngestBytes} bytes per request.");
            }

            List<IngestRequest>? items;
            try
            {
                items = await context.Request.ReadFromJsonAsync<List<IngestRequest>>(ct).ConfigureAwait(false);
            }
            catch (System.Text.Json.JsonException ex)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"Not a JSON array of documents: {ex.Message}"] });
            }

            var errors = new Dictionary<string, string[]>();
            if (items is null || items.Count == 0)
            {
                errors["body"] = ["Send a JSON array of documents, each with at least \"text\"."];
            }
            else
            {
                for (var i = 0; i < items.Count; i++)
                {
                    if (string.IsNullOrWhiteSpace(items[i]?.Text))
                    {
                        errors[$"[{i}].text"] = ["Required."];
                    }

                    if (items[i]?.Published is { } p && !Day.IsMatch(p))
                    {
                        errors[$"[{i}].published"] = ["Write dates as YYYY-MM-DD."];
                    }
                }
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            return Results.Ok(await settings.Ingest(items!, ct).ConfigureAwait(false));
        }).WithName("Ingest").WithSummary("Extracts and stores documents (requires the X-Api-Key header).");
    }

    /// <summary>Null when the request carries the server's key; otherwise the problem to return.</summary>
    private static IResult? Unauthorized(HttpContext context, ServerOptions settings)
    {
        if (settings.ApiKey is null)
        {
            return Results.Problem(statusCode: 403, title: "Writes are off", detail: "This server was started without an API key; start it with --api-key to accept writes.");
        }

        if (!context.Request.Headers.TryGetValue("X-Api-Key", out var key) || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(key.ToString()), System.Text.Encoding.UTF8.GetBytes(settings.ApiKey)))
        {
            return Results.Problem(statusCode: 401, title: "API key required", detail: "Send the server's key in the X-Api-Key header.");
        }

        return null;
    }

    private static void Page(Dictionary<string, string[]> errors, int? offset, int? limit, int max)
    {
        if (offset is < 0)
        {
            errors["offset"] = ["Must be 0 or more."];
        }

        if (limit is < 1 || limit > max)
        {
            errors["limit"] = [string.Create(CultureInfo.InvariantCulture, $"Must be between 1 and {max}.")];
        }
    }

    private static Dictionary<string, string[]> Validate(params (string Name, string? Value, Regex Pattern)[] checks)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (name, value, pattern) in checks)
        {
            if (!string.IsNullOrEmpty(value) && !pattern.IsMatch(value))
            {
                errors[name] = [pattern == Iso3 ? "A three-letter country code (ISO 3166-1 alpha-3), e.g. KAZ." : pattern == Day ? "A date written YYYY-MM-DD." : "Letters only."];
            }
        }

        return errors;
    }

    internal static readonly Regex Iso3 = Iso3Pattern();
    internal static readonly Regex Day = DayPattern();
    private static readonly Regex Word = WordPattern();

    [GeneratedRegex("^[A-Za-z]{3}$")]
    private static partial Regex Iso3Pattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DayPattern();

    [GeneratedRegex("^[A-Za-z_]{1,30}$")]
    private static partial Regex WordPattern();
}
