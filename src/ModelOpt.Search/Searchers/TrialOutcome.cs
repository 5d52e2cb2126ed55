namespace ModelOpt.Search.Searchers;

public enum TrialStatus { Completed, Stopped, Failed }

/// <summary>
/// How a trial ended, as a searcher sees it. <see cref="Objective"/> is in the user's units (the searcher applies
/// the objective's direction); it is the last reported value for a stopped trial and null for a failed one.
/// <see cref="Epochs"/> is the resource the trial consumed.
/// </summary>
public sealed record TrialOutcome(TrialStatus Status, double? Objective, int Epochs)
{
    public static TrialOutcome Completed(double objective, int epochs = 1) => new(TrialStatus.Completed, objective, epochs);
    public static TrialOutcome Stopped(double objective, int epochs) => new(TrialStatus.Stopped, objective, epochs);
    public static TrialOutcome Failed(int epochs = 0) => new(TrialStatus.Failed, null, epochs);
}
