using ModelOpt.Cli.Reports;
using ModelOpt.Client.Models;

namespace ModelOpt.Cli.Views;

/// <summary>
/// The order the live panel writes config parameters in: most important first (fANOVA, as in the report). Importance
/// is recomputed only when the completed trials grew by a quarter since the last time, so a long search pays for a
/// handful of analyses, not one per completion.
/// </summary>
public sealed class ConfigOrder
{
    private string? _searchId;
    private int _completed;
    private IReadOnlyList<string> _order = [];

    public IReadOnlyList<string> For(SearchInfo search)
    {
        var completed = search.Count(TrialStatus.Completed);
        if (search.SearchId == _searchId && _order.Count > 0 && completed < _completed * 1.25) return _order;
        _searchId = search.SearchId;
        _completed = completed;
        _order = [.. ParameterImportance.Of(search).Select(e => e.Name)];
        return _order;
    }
}
