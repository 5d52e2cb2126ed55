using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using ModelOpt.Client;
using ModelOpt.Client.Errors;
using ModelOpt.Client.Models;
using ModelOpt.Node.Commands;
using ModelOpt.Node.Endpoint;
using ModelOpt.Search.Importance;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Node.Dashboard;

/// <summary>
/// The web dashboard on the command endpoint: the sign-in page, the page's assets, and the JSON routes the page reads
/// (over the same <see cref="ICommandApi"/> as the commands, so it serves a cluster and a journal alike). Actions are the
/// command API's own routes; <see cref="TokenCheck"/> admits the page's requests by its session cookie.
/// </summary>
public sealed class DashboardServer(
    AccessTokens tokens, DashboardOptions options, DashboardSessions sessions, SearchFeeds feeds,
    SearchAnalyses analyses, SearchSummaries summaries, DashboardAssets assets, ILogger<DashboardServer> logger)
{
    public const string Root = "/dashboard";
    public const string SignInPath = "/dashboard/signin";
    public const string SignOutPath = "/dashboard/signout";
    public const string Api = "/api/v1/dashboard";
    private const int ContourCells = 40;
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private static readonly string[] PublicAssets = ["signin.css", "favicon.svg"];

    private int _streams;
    private CancellationToken _stopping;

    public DashboardSessions Sessions => sessions;

    public DashboardOptions Options => options;

    /// <summary>Paths served without a token: the sign-in page and what it loads.</summary>
    public static bool IsPublic(HttpRequest request) =>
        request.Path.Equals(SignInPath, StringComparison.Ordinal)
        || (HttpMethods.IsGet(request.Method) && request.Path.Equals("/favicon.ico", StringComparison.Ordinal))
        || (HttpMethods.IsGet(request.Method) && request.Path.StartsWithSegments($"{Root}/assets", out var rest) && PublicAssets.Contains(rest.Value?.TrimStart('/')));

    /// <summary>A one-time link that signs a browser in with <paramref name="access"/> (what <c>mopt run</c> prints).</summary>
    public string SignInLink(Uri endpoint, Access access) => new Uri(endpoint, $"{SignInPath}?code={sessions.CreateLink(access)}").ToString();

    public void Map(IEndpointRouteBuilder app, CancellationToken stopping)
    {
        _stopping = stopping;
        app.MapGet("/", context => { context.Response.Redirect($"{Root}/"); return Task.CompletedTask; });
        // Routing ignores a trailing slash: this serves /dashboard and /dashboard/ alike.
        app.MapGet(Root, context => assets.WriteAsync(context, "index.html"));
        app.MapGet("/favicon.ico", context => assets.WriteAsync(context, "favicon.svg"));
        app.MapGet($"{Root}/assets/{{name}}", context => assets.WriteAsync(context, (string)context.Request.RouteValues["name"]!));
        app.MapGet(SignInPath, SignInPageAsync);
        app.MapPost(SignInPath, SignInAsync);
        app.MapPost(SignOutPath, SignOut);

        string Id(HttpContext c) => (string)c.Request.RouteValues["id"]!;
        long After(HttpContext c) => long.TryParse(c.Request.Query["after"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        app.MapGet($"{Api}/session", Json((c, _) => Task.FromResult<object>(Session(c))));
        app.MapGet($"{Api}/searches", Json(async (_, ct) => await summaries.ListAsync(ct)));
        app.MapGet($"{Api}/searches/{{id}}", JsonBytes((c, ct) => SearchAsync(Id(c), After(c), ct)));
        app.MapGet($"{Api}/searches/{{id}}/curves", Json(async (c, ct) => (await feeds.Get(Id(c)).CurrentAsync(ct)).Curves(After(c), options.MaxCurves)));
        app.MapGet($"{Api}/searches/{{id}}/live", context => LiveAsync(context, Id(context)));
        app.MapGet($"{Api}/searches/{{id}}/importance", Json(async (c, ct) => await ImportanceAsync(Id(c), ct)));
        app.MapGet($"{Api}/searches/{{id}}/contour", Json(async (c, ct) => await ContourAsync(Id(c), c.Request.Query["x"], c.Request.Query["y"], ct)));
        app.MapGet($"{Api}/searches/{{id}}/trials/{{trial}}", Json(async (c, ct) => await TrialAsync(Id(c), (string)c.Request.RouteValues["trial"]!, ct)));
    }

    private SessionView Session(HttpContext context)
    {
        var session = TokenCheck.SessionOf(context);
        var access = TokenCheck.AccessOf(context);
        return new SessionView(access == Access.Full && options.Mode == DashboardMode.Cluster ? "full" : "read-only", session?.Csrf ?? "",
            options.Mode == DashboardMode.Journal ? "journal" : "cluster", options.Source);
    }

    private async Task SignInPageAsync(HttpContext context)
    {
        if (context.Request.Query["code"] is { Count: > 0 } code)
        {
            var access = sessions.Redeem(code.ToString());
            if (access == Access.None)
            {
                logger.LogWarning("Dashboard sign-in link refused from {Remote}: unknown, used or expired", context.Connection.RemoteIpAddress);
                await PageAsync(context, 400, SignInPage.Render("This sign-in link is not valid (each link works once). Sign in with a token instead.", null));
                return;
            }
            StartSession(context, access);
            return;
        }
        await PageAsync(context, 200, SignInPage.Render(context.Request.Query.ContainsKey("failed") ? "That token is not valid." : null,
            "A local mopt run prints a one-time sign-in link, and keeps its token in ~/.config/modelopt/token."));
    }

    private async Task SignInAsync(HttpContext context)
    {
        if (!TokenCheck.IsSameOrigin(context.Request))
        {
            logger.LogWarning("Dashboard sign-in refused from {Remote}: cross-site form", context.Connection.RemoteIpAddress);
            await PageAsync(context, 403, SignInPage.Render("Sign-in from another site is refused.", null));
            return;
        }
        if (!context.Request.HasFormContentType)
        {
            await PageAsync(context, 400, SignInPage.Render("The sign-in form was not sent as a form.", null));
            return;
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var access = tokens.Check(form["token"].ToString().Trim());
        if (access == Access.None)
        {
            logger.LogWarning("Dashboard sign-in refused from {Remote}: invalid token", context.Connection.RemoteIpAddress);
            context.Response.Redirect($"{SignInPath}?failed=1");
            return;
        }
        StartSession(context, access);
    }

    private void StartSession(HttpContext context, Access access)
    {
        var (id, session) = sessions.Open(access);
        context.Response.Cookies.Append(DashboardSessions.CookieName, id, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            MaxAge = session.Expires - DateTimeOffset.UtcNow,
            IsEssential = true,
        });
        context.Response.StatusCode = 303;
        context.Response.Headers.Location = $"{Root}/";
    }

    private void SignOut(HttpContext context)
    {
        sessions.Close(context.Request.Cookies[DashboardSessions.CookieName]);
        context.Response.Cookies.Delete(DashboardSessions.CookieName, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps });
        context.Response.StatusCode = 204;
    }

    /// <summary>
    /// Server-sent events: a delta (<see cref="SearchDeltaView"/>) whenever the search changed, named <c>update</c> with
    /// the version as its id, so a reconnecting browser resumes from what it has; a comment line keeps idle streams open.
    /// </summary>
    private async Task LiveAsync(HttpContext context, string searchId)
    {
        if (Interlocked.Increment(ref _streams) > options.MaxStreams)
        {
            Interlocked.Decrement(ref _streams);
            await EndpointRoutes.WriteErrorAsync(context, new CommandError(CommandErrorCodes.Unavailable, $"{options.MaxStreams} live pages are open on this node; close some"));
            return;
        }
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        var ct = cancel.Token;
        try
        {
            var feed = feeds.Get(searchId);
            using var watching = feed.Watch();
            var state = await feed.CurrentAsync(ct);
            var resumed = context.Request.Headers["Last-Event-ID"].ToString();
            var after = long.TryParse(resumed.Length > 0 ? resumed : context.Request.Query["after"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers["X-Accel-Buffering"] = "no";
            await context.Response.Body.FlushAsync(ct);
            while (!ct.IsCancellationRequested)
            {
                if (state.Version > after)
                {
                    var body = context.Response.Body;
                    await body.WriteAsync(state.EventHead, ct);
                    await body.WriteAsync(state.DeltaJson(after), ct);
                    await body.WriteAsync(FeedState.EventEnd, ct);
                    await context.Response.Body.FlushAsync(ct);
                    after = state.Version;
                }
                if (await feed.NextAsync(after, Heartbeat, ct) is { } next) state = next;
                else
                {
                    await context.Response.Body.WriteAsync(": keep-alive\n\n"u8.ToArray(), ct);
                    await context.Response.Body.FlushAsync(ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The page went away or the node stops.
        }
        catch (Exception e) when (!context.Response.HasStarted && Error(e) is { } error)
        {
            await EndpointRoutes.WriteErrorAsync(context, error);
        }
        finally
        {
            Interlocked.Decrement(ref _streams);
        }
    }

    /// <summary>The search's changes since <paramref name="after"/>; a page's first read (0) also prepares its analysis.</summary>
    private async Task<byte[]> SearchAsync(string searchId, long after, CancellationToken ct)
    {
        var state = await feeds.Get(searchId).CurrentAsync(ct);
        if (after == 0) analyses.Prepare(state.Snapshot, state.Spec, ContourCells);
        return state.DeltaJson(after);
    }

    private async Task<object> ImportanceAsync(string searchId, CancellationToken ct)
    {
        var state = await feeds.Get(searchId).CurrentAsync(ct);
        var computed = await analyses.GetAsync(state.Snapshot, state.Spec, ct);
        if (computed.Analysis is not { } analysis) return NoContent.Value;
        return new ImportanceView(analysis.Points, computed.At,
            [.. analysis.Parameters.Select(p => new ImportanceEntry(p.Name, p.Importance, p.VarianceShare))]);
    }

    private async Task<object> ContourAsync(string searchId, string? x, string? y, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(x) || string.IsNullOrEmpty(y)) throw CommandException.BadRequest("x", "two parameters are required: ?x=…&y=…");
        var state = await feeds.Get(searchId).CurrentAsync(ct);
        var space = state.Spec.Space;
        foreach (var (name, path) in new[] { (x, "x"), (y, "y") })
            if (!space.Contains(name)) throw CommandException.BadRequest(path, $"the search has no parameter '{name}'");
        var computed = await analyses.GetAsync(state.Snapshot, state.Spec, ct);
        if (computed.Pair(x, y, ContourCells) is not { } pair) return NoContent.Value;
        var values = new double[pair.XCenters.Count][];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = new double[pair.YCenters.Count];
            for (var j = 0; j < values[i].Length; j++) values[i][j] = pair.Values[i, j];
        }
        return new ContourView(Axis(space[x].Domain, pair.X, ContourCells), Axis(space[y].Domain, pair.Y, ContourCells), values, computed.Analysis!.Points);
    }

    /// <summary>A contour axis in the parameter's own values: numeric cell edges (log-spaced for log parameters) or category names.</summary>
    private static ContourAxisView Axis(Domain domain, ImportanceFeature feature, int cells)
    {
        switch (domain)
        {
            case CategoricalDomain c:
                var names = c.Choices.Select(v => v.ToString()).ToList();
                if (feature.Levels > names.Count) names.Add("(absent)");
                return new ContourAxisView(feature.Name, false, null, names);
            case FloatDomain f:
                return new ContourAxisView(feature.Name, f.Log, [.. Enumerable.Range(0, cells + 1).Select(i => Scale(f.Low, f.High, f.Log, (double)i / cells))], null);
            case IntDomain n:
                // The unit interval covers [Low - step/2, High + step/2], as IntDomain.ToUnit maps it.
                var low = n.Log ? Math.Max(n.Low - 0.5 * n.Step, 0.5) : n.Low - 0.5 * n.Step;
                return new ContourAxisView(feature.Name, n.Log, [.. Enumerable.Range(0, cells + 1).Select(i => Scale(low, n.High + 0.5 * n.Step, n.Log, (double)i / cells))], null);
            default:
                throw new InvalidOperationException($"parameter '{feature.Name}' has no contour axis");
        }
    }

    private static double Scale(double low, double high, bool log, double unit) =>
        log ? Math.Exp(Math.Log(low) + unit * (Math.Log(high) - Math.Log(low))) : low + unit * (high - low);

    private async Task<object> TrialAsync(string searchId, string trialId, CancellationToken ct)
    {
        InputLimits.CheckId("trialId", trialId);
        var state = await feeds.Get(searchId).CurrentAsync(ct);
        var trial = state.Snapshot.Trial(trialId)
                    ?? throw CommandException.NotFound($"search '{searchId}' has no trial '{trialId}' (it has {state.Snapshot.Trials.Count})");
        ConfusionView? confusion = null;
        if (trial.Artifacts is { } artifacts && ConfusionTable.Parse(artifacts.GetValueOrDefault(ConfusionTable.ArtifactKey)) is { } table)
        {
            var n = table.Classes.Count;
            confusion = new ConfusionView(table.Classes, [.. Enumerable.Range(0, n).Select(a => Enumerable.Range(0, n).Select(p => table.Counts[a, p]).ToArray())],
                artifacts.GetValueOrDefault(ConfusionTable.SplitKey) ?? "validation");
        }
        return new TrialPageView(trial, state.Snapshot.Metric, confusion);
    }

    /// <summary>An answer serialized ahead (shared by every page that asks for it), written as it is.</summary>
    private RequestDelegate JsonBytes(Func<HttpContext, CancellationToken, Task<byte[]>> handler) => Json(async (c, ct) => new Serialized(await handler(c, ct)));

    private RequestDelegate Json(Func<HttpContext, CancellationToken, Task<object>> handler) => async context =>
    {
        try
        {
            var result = await handler(context, context.RequestAborted);
            if (result is Serialized serialized)
            {
                context.Response.Headers.CacheControl = "no-store";
                context.Response.ContentType = "application/json; charset=utf-8";
                context.Response.ContentLength = serialized.Json.Length;
                await context.Response.Body.WriteAsync(serialized.Json, context.RequestAborted);
                return;
            }
            context.Response.Headers.CacheControl = "no-store";
            if (result is NoContent)
            {
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json; charset=utf-8";
                await context.Response.WriteAsync("null", context.RequestAborted);
                return;
            }
            context.Response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(context.Response.Body, result, result.GetType(), CommandJson.Responses, context.RequestAborted);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested && Error(e) is { } error)
        {
            if (e is not CommandException) logger.LogWarning(e, "Dashboard {Path} failed", context.Request.Path.Value);
            await EndpointRoutes.WriteErrorAsync(context, error);
        }
    };

    private static CommandError? Error(Exception e) => e switch
    {
        CommandException c => c.Error,
        ObjectDisposedException or OperationCanceledException => new CommandError(CommandErrorCodes.Unavailable, "the node is stopping"),
        _ => new CommandError(CommandErrorCodes.Internal, $"the dashboard failed on the node: {e.GetType().Name}: {e.Message}"),
    };

    private static async Task PageAsync(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(html, context.RequestAborted);
    }

    private sealed record Serialized(byte[] Json);

    /// <summary>"Nothing to show yet" (too few trials for a model): answered as JSON null.</summary>
    private sealed class NoContent
    {
        public static readonly NoContent Value = new();
    }
}
