namespace ModelOpt.Search.Importance;

/// <summary>
/// One parameter's importance. <paramref name="VarianceShare"/>: the share of the objective's variance over the whole
/// search space that this parameter explains on its own (fANOVA's main effect, averaged over the trees);
/// <paramref name="Importance"/>: the shares normalized to sum to 1 over the parameters (what Optuna plots). Whatever the
/// shares leave of 1 is explained by interactions between parameters.
/// </summary>
public sealed record ParameterImportance(string Name, double Importance, double VarianceShare);
