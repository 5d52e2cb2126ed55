using ModelOpt.Node.Tests.Support;
using Xunit;

namespace ModelOpt.Node.Tests.Deployment;

/// <summary>
/// The shipped alerting rules are valid (<c>promtool check rules</c>) and each alert fires and stays quiet where
/// deploy/prometheus/alerts.test.yml says (<c>promtool test rules</c>); the Kubernetes base ships the same rules.
/// </summary>
public sealed class AlertRulesTests
{
    private static readonly string Directory = RepositoryPaths.Of("deploy", "prometheus");

    [PrometheusFact]
    public void The_alert_rules_are_valid()
    {
        var (exit, output) = PrometheusTools.RunPromtool(Directory, null, "check", "rules", "alerts.yml");
        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS: 6 rules found", output);
    }

    [PrometheusFact]
    public void Every_alert_fires_and_stays_quiet_as_its_unit_tests_say()
    {
        var (exit, output) = PrometheusTools.RunPromtool(Directory, null, "test", "rules", "alerts.test.yml");
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void Every_alert_has_a_unit_test_and_an_entry_in_the_operations_guide()
    {
        var alerts = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(Directory, "alerts.yml")), @"- alert: (\w+)")
            .Select(m => m.Groups[1].Value).ToList();
        var tests = File.ReadAllText(Path.Combine(Directory, "alerts.test.yml"));
        var guide = File.ReadAllText(RepositoryPaths.Of("docs", "operations.md"));

        Assert.Equal(6, alerts.Count);
        Assert.All(alerts, alert => Assert.Contains($"alertname: {alert}", tests));
        Assert.All(alerts, alert => Assert.Contains($"`{alert}`", guide));
    }

    [Fact]
    public void The_kubernetes_base_ships_the_same_rules()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(Directory, "alerts.yml")), File.ReadAllText(RepositoryPaths.Of("k8s", "base", "prometheus-alerts.yml")));
    }
}
