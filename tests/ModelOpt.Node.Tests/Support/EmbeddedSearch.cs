using Microsoft.Extensions.DependencyInjection;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Commands;
using Xunit;

namespace ModelOpt.Node.Tests.Support;

/// <summary>A search submitted to an in-process node (<see cref="NodeHost"/>) and polled until it ends.</summary>
internal static class EmbeddedSearch
{
    public static async Task<SearchInfo> RunAsync(IServiceProvider services, string spec, TimeSpan deadline)
    {
        var commands = services.GetRequiredService<SearchCommands>();
        var submitted = await commands.SubmitAsync(spec);
        Assert.True(submitted.Accepted, string.Join("; ", submitted.Errors));
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            var search = await commands.GetAsync(submitted.SearchId);
            if (search is { IsRunning: false }) return search;
            if (DateTime.UtcNow > until) throw new TimeoutException($"search {submitted.SearchId} is still running after {deadline}");
            await Task.Delay(50);
        }
    }
}
