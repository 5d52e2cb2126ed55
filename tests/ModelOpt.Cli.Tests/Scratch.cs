using ModelOpt.Cli.Tests.Support;
using ModelOpt.Cli.Views;
using ModelOpt.Cluster.Searches;
using Xunit;
public class Scratch
{
    [Fact]
    public void Dump()
    {
        var writer = new StringWriter();
        var s = SyntheticSearch.Of(9, SearchStatus.Running, running: 2);
        TestConsoles.Plain(writer, 80).Write(SearchPanel.Of(s, TimeSpan.FromSeconds(75), 80));
        File.WriteAllText("/tmp/panel.txt", writer.ToString());
        ModelOpt.Cli.Reports.SearchReport.Write(SyntheticSearch.Of(14, pareto: true), "/tmp/report");
    }
}
