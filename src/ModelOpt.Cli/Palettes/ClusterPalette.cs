using System.CommandLine;
using ModelOpt.Cli.Output;
using ModelOpt.Client;
using ModelOpt.Client.Models;

namespace ModelOpt.Cli.Palettes;

/// <summary><c>mopt cluster show|shards|leave|down</c>.</summary>
public static class ClusterPalette
{
    public static Command Create(PaletteContext context) => new ExampleCommand("cluster", "cluster membership",
        "mopt cluster show",
        "mopt cluster leave 10.0.0.7:4053")
    {
        Show(context),
        Shards(context),
        Membership(context, "leave", "ask a member to leave the cluster gracefully (its trials are requeued)", "mopt cluster leave 10.0.0.7:4053", (api, r, ct) => api.LeaveAsync(r, ct)),
        Membership(context, "down", "mark an unreachable member down so the cluster moves on without it", "mopt cluster down 10.0.0.7:4053", (api, r, ct) => api.DownAsync(r, ct)),
    };

    private static Command Show(PaletteContext context)
    {
        var command = new ExampleCommand("show", "members with status, roles and reachability; the leader is marked", "mopt cluster show");
        command.SetAction((result, ct) => context.CallAsync(result, async (api, json, ct) =>
        {
            var view = await api.ShowClusterAsync(ct);
            if (json) context.WriteJson(view);
            else context.Io.Console.Write(Tables.Cluster(view));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Shards(PaletteContext context)
    {
        var command = new ExampleCommand("shards", "which coordinator holds how many shards and running searches", "mopt cluster shards");
        command.SetAction((result, ct) => context.CallAsync(result, async (api, json, ct) =>
        {
            var homes = await api.ShowShardsAsync(ct);
            if (json) context.WriteJson(homes);
            else if (homes.Count == 0) context.Io.Out.WriteLine("no coordinator holds a shard yet");
            else context.Io.Console.Write(Tables.Shards(homes));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Membership(PaletteContext context, string name, string description, string example, Func<ICommandApi, NodeRequest, CancellationToken, Task<NodeResult>> act)
    {
        var node = new Argument<string>("node") { Description = "the member: host:port or its full address (see: mopt cluster show)" };
        var command = new ExampleCommand(name, description, example) { node };
        command.SetAction((result, ct) => context.CallAsync(result, async (api, json, ct) =>
        {
            var done = await act(api, new NodeRequest(result.GetValue(node)!), ct);
            if (json) context.WriteJson(done);
            else context.Io.Out.WriteLine($"{done.Node}: {done.Action}");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
