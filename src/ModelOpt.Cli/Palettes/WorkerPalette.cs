using System.CommandLine;
using ModelOpt.Cli.Output;
using ModelOpt.Client;
using ModelOpt.Client.Models;

namespace ModelOpt.Cli.Palettes;

/// <summary><c>mopt worker list|stats|drain</c>.</summary>
public static class WorkerPalette
{
    public static Command Create(PaletteContext context) => new ExampleCommand("worker", "the worker slots the dispatcher places trials on",
        "mopt worker list",
        "mopt worker drain 10.0.0.7:4053")
    {
        List(context), Stats(context), Drain(context),
    };

    private static Command List(PaletteContext context)
    {
        var command = new ExampleCommand("list", "every worker slot: node, device, state and the trial running there", "mopt worker list --json");
        command.SetAction((result, ct) => context.CallAsync(result, async (api, json, ct) =>
        {
            var slots = await api.ListWorkersAsync(ct);
            if (json) context.WriteJson(slots);
            else if (slots.Count == 0) context.Io.Out.WriteLine("no worker slots are registered");
            else context.Io.Console.Write(Tables.Workers(slots));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Stats(PaletteContext context)
    {
        var command = new ExampleCommand("stats", "the dispatcher's figures: slots, placements, dispatch latency, utilization, how busy it is", "mopt worker stats");
        command.SetAction((result, ct) => context.CallAsync(result, async (api, json, ct) =>
        {
            var stats = await api.DispatchStatsAsync(ct);
            if (json) context.WriteJson(stats);
            else context.Io.Out.WriteLine(
                $"{stats.Busy} of {stats.Slots} slot(s) busy; {stats.Placements} placement(s); dispatch latency p50 {stats.LatencyP50Ms:0.##} ms, " +
                $"p99 {stats.LatencyP99Ms:0.##} ms; utilization {stats.Utilization:P1}; dispatcher busy {stats.BusyFraction:P1} of the time ({stats.Messages} messages)");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Drain(PaletteContext context)
    {
        var node = new Argument<string>("node") { Description = "the worker node: host:port or its full address (see: mopt worker list)" };
        var undo = new Option<bool>("--undo") { Description = "place trials on the node again" };
        var command = new ExampleCommand("drain", "stop placing new trials on a node; trials running there finish", "mopt worker drain 10.0.0.7:4053")
        {
            node, undo,
        };
        command.SetAction((result, ct) => context.CallAsync(result, async (api, json, ct) =>
        {
            var drained = await api.DrainWorkerAsync(new NodeRequest(result.GetValue(node)!, result.GetValue(undo)), ct);
            if (json) context.WriteJson(drained);
            else context.Io.Out.WriteLine(drained.Draining
                ? $"{drained.Node} is draining: no new trials; {drained.Running} of {drained.Slots} slot(s) still running"
                : $"{drained.Node} takes trials again ({drained.Slots} slot(s))");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
