using System.Text.Json;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using ModelOpt.Client;
using ModelOpt.Client.Errors;
using ModelOpt.Client.Models;
using ModelOpt.Node.Commands;
using ModelOpt.Search.Specs;

namespace ModelOpt.Node.Endpoint;

/// <summary>
/// Maps <see cref="CommandRoutes"/> onto <see cref="ICommandApi"/>. Bodies are read strictly (unknown fields are
/// errors); every failure is answered as a JSON <see cref="CommandError"/> with its HTTP status.
/// </summary>
public static class EndpointRoutes
{
    /// <summary>Returned by a handler that wrote its own response (the export's zip).</summary>
    private static readonly object Written = new();

    public static void Map(IEndpointRouteBuilder app, ICommandApi api, ILogger logger)
    {
        RequestDelegate Handle(Func<HttpContext, CancellationToken, Task<object>> handler) => async context =>
        {
            try
            {
                var result = await handler(context, context.RequestAborted);
                if (result != Written) await WriteAsync(context, 200, result);
            }
            catch (Exception e) when (Error(e, context.RequestAborted) is { } error)
            {
                if (e is not CommandException) logger.LogWarning(e, "Command {Path} failed", context.Request.Path.Value);
                await WriteErrorAsync(context, error);
            }
        };
        string Id(HttpContext c) => (string)c.Request.RouteValues["id"]!;
        string Trial(HttpContext c) => (string)c.Request.RouteValues["trial"]!;

        app.MapPost(CommandRoutes.Searches, Handle(async (c, ct) => await api.SubmitSearchAsync(await ReadAsync<SubmitRequest>(c, ct), ct)));
        app.MapGet(CommandRoutes.Searches, Handle(async (_, ct) => await api.ListSearchesAsync(ct)));
        app.MapGet(CommandRoutes.Searches + "/{id}", Handle(async (c, ct) => await api.GetSearchAsync(Id(c), ct)));
        app.MapGet(CommandRoutes.Searches + "/{id}/trials", Handle(async (c, ct) =>
            await api.GetTrialsAsync(Id(c), TrialPageQuery.Parse(name => c.Request.Query.TryGetValue(name, out var v) ? v.ToString() : null), ct)));
        app.MapGet(CommandRoutes.Searches + "/{id}/spec", Handle(async (c, ct) => await api.GetSearchSpecAsync(Id(c), ct)));
        app.MapPost(CommandRoutes.Searches + "/{id}/stop", Handle(async (c, ct) => await api.StopSearchAsync(Id(c), ct)));
        app.MapPost(CommandRoutes.Searches + "/{id}/resume", Handle(async (c, ct) => await api.ResumeSearchAsync(Id(c), ct)));
        app.MapPost(CommandRoutes.Searches + "/{id}/archive", Handle(async (c, ct) => await api.ArchiveSearchAsync(Id(c), ct)));
        app.MapPost(CommandRoutes.Searches + "/{id}/delete", Handle(async (c, ct) => await api.DeleteSearchAsync(Id(c), ct)));
        app.MapPost(CommandRoutes.Searches + "/{id}/trials/{trial}/stop", Handle(async (c, ct) => await api.StopTrialAsync(Id(c), Trial(c), ct)));
        app.MapPost(CommandRoutes.Searches + "/{id}/ask", Handle(async (c, ct) => await api.AskTrialAsync(Id(c), await ReadAsync<AskRequest>(c, ct), ct)));
        app.MapPost(CommandRoutes.Searches + "/{id}/trials/{trial}/report", Handle(async (c, ct) =>
            await api.ReportTrialAsync(Id(c), Trial(c), await ReadAsync<ReportRequest>(c, ct), ct)));
        app.MapPost(CommandRoutes.Searches + "/{id}/trials/{trial}/heartbeat", Handle(async (c, ct) =>
            await api.HeartbeatTrialAsync(Id(c), Trial(c), await ReadAsync<HeartbeatRequest>(c, ct), ct)));
        app.MapPost(CommandRoutes.Searches + "/{id}/trials/{trial}/tell", Handle(async (c, ct) =>
            await api.TellTrialAsync(Id(c), Trial(c), await ReadAsync<TellRequest>(c, ct), ct)));
        app.MapGet(CommandRoutes.Searches + "/{id}/trials/{trial}/logs", Handle(async (c, ct) => await api.TrialLogsAsync(Id(c), Trial(c), ct)));
        app.MapGet(CommandRoutes.Searches + "/{id}/trials/{trial}/export", Handle(async (c, ct) =>
        {
            // A missing trial fails before the first byte, so it is still answered as a JSON error.
            c.Response.ContentType = "application/zip";
            c.Response.Headers.ContentDisposition = $"attachment; filename=\"{Id(c)}-{Trial(c)}.zip\"";
            // The zip streams into the response; its central directory is written synchronously at the end.
            c.Features.Get<IHttpBodyControlFeature>()!.AllowSynchronousIO = true;
            await api.ExportTrialAsync(Id(c), Trial(c), c.Response.Body, ct);
            return Written;
        }));
        app.MapGet(CommandRoutes.Searches + "/{id}/export", Handle(async (c, ct) =>
        {
            var format = Format(c.Request.Query["format"]);
            c.Response.ContentType = TrialTable.ContentType(format);
            await api.ExportSearchAsync(Id(c), format, c.Response.Body, ct);
            return Written;
        }));
        app.MapGet(CommandRoutes.Workers, Handle(async (_, ct) => await api.ListWorkersAsync(ct)));
        app.MapPost(CommandRoutes.Drain, Handle(async (c, ct) => await api.DrainWorkerAsync(await ReadAsync<NodeRequest>(c, ct), ct)));
        app.MapGet(CommandRoutes.Cluster, Handle(async (_, ct) => await api.ShowClusterAsync(ct)));
        app.MapGet(CommandRoutes.Shards, Handle(async (_, ct) => await api.ShowShardsAsync(ct)));
        app.MapGet(CommandRoutes.DispatchStats, Handle(async (_, ct) => await api.DispatchStatsAsync(ct)));
        app.MapPost(CommandRoutes.Leave, Handle(async (c, ct) => await api.LeaveAsync(await ReadAsync<NodeRequest>(c, ct), ct)));
        app.MapPost(CommandRoutes.Down, Handle(async (c, ct) => await api.DownAsync(await ReadAsync<NodeRequest>(c, ct), ct)));
        app.MapFallback(context => WriteErrorAsync(context, new CommandError(CommandErrorCodes.NotFound,
            $"no command at {context.Request.Method} {context.Request.Path.Value}")));
    }

    private static ExportFormat Format(string? value) => value switch
    {
        null or "" or "csv" => ExportFormat.Csv,
        "jsonl" => ExportFormat.Jsonl,
        _ => throw CommandException.BadRequest("format", $"expected csv or jsonl, got '{value}'"),
    };

    public static Task WriteErrorAsync(HttpContext context, CommandError error) =>
        WriteAsync(context, CommandErrorCodes.HttpStatus(error.Code), error);

    private static async Task WriteAsync(HttpContext context, int status, object value)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, value.GetType(), CommandJson.Responses, context.RequestAborted);
    }

    private static async Task<T> ReadAsync<T>(HttpContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, CommandJson.Requests, cancellationToken)
                   ?? throw CommandException.BadRequest("$", "the request body is empty");
        }
        catch (JsonException e)
        {
            throw CommandException.BadRequest(e.Path ?? "$", FirstSentence(e.Message));
        }
    }

    /// <summary>The error to answer with, or null when the client went away (nothing to answer).</summary>
    private static CommandError? Error(Exception e, CancellationToken aborted) => e switch
    {
        _ when aborted.IsCancellationRequested => null,
        CommandException c => c.Error,
        BadHttpRequestException { StatusCode: 413 } => new CommandError(CommandErrorCodes.TooLarge,
            $"the request body is larger than {SpecLimits.Size(InputLimits.MaxBodyBytes)}; a spec may be at most {SpecLimits.Size(SpecLimits.Submission.MaxSpecBytes)}"),
        BadHttpRequestException b => new CommandError(CommandErrorCodes.BadRequest, b.Message),
        AskTimeoutException or TaskCanceledException => new CommandError(CommandErrorCodes.Unavailable, "the cluster did not answer in time; is a coordinator up?"),
        _ => new CommandError(CommandErrorCodes.Internal, $"the command failed on the node (its log has the details): {e.Message}"),
    };

    private static string FirstSentence(string message) => message.Split(". ", 2)[0].TrimEnd('.');
}
