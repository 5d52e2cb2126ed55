using ModelOpt.Cli.Reports;
using ModelOpt.Client.Models;

namespace ModelOpt.Cli.Views;

/// <summary>
/// The order the live panel writes config parameters in: most important first. Importance changes only when a trial
/// completes, so it is recomputed then and not on every poll (it costs milliseconds per thousand trials).
/// </summary>
public sealed class ConfigOrder
{
    private (string SearchId, int Completed) _key;
    private IReadOnlyList<string> _order = [];

    public IReadOnlyList<string> For(SearchInfo search)
    {
        var key = (search.SearchId, search.Count(TrialStatus.Completed));
        if (key == _key && _order.Count > 0) return _order;
        _key = key;
        _order = [.. ParameterImportance.Of(search).Select(e => e.Name)];
        return _order;
    }
}
