using ModelOpt.Search;
using ModelOpt.Training;

namespace ModelOpt.Node;

/// <summary>The kinds a node knows unless its host is given others: the search assembly's and the training assembly's (torch, command).</summary>
public static class NodeCatalog
{
    public static SearchCatalog Default { get; } = TrainingCatalog.AddTo(SearchCatalog.BuiltIn);
}
