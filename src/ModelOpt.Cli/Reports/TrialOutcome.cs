using ModelOpt.Client.Models;
using ScottPlot;

namespace ModelOpt.Cli.Reports;

/// <summary>How a trial ended, as the report draws it: a stop by the scheduler, a user or a cancel each looks different.</summary>
public sealed record TrialOutcome(string Label, Color Color, MarkerShape Marker)
{
    public static readonly TrialOutcome Completed = new("completed", ReportStyle.Completed, MarkerShape.FilledCircle);
    public static readonly TrialOutcome ByScheduler = new("stopped by the scheduler", ReportStyle.Stopped, MarkerShape.FilledTriangleUp);
    public static readonly TrialOutcome ByUser = new("stopped by a user", ReportStyle.UserStop, MarkerShape.FilledDiamond);
    public static readonly TrialOutcome ByCancel = new("stopped by the search's cancel", ReportStyle.Muted, MarkerShape.FilledSquare);
    public static readonly TrialOutcome Failed = new("failed", ReportStyle.Failed, MarkerShape.Eks);
    public static readonly TrialOutcome Unfinished = new("running", ReportStyle.Muted, MarkerShape.OpenCircle);

    /// <summary>Every outcome in the order legends list them.</summary>
    public static readonly IReadOnlyList<TrialOutcome> All = [Completed, ByScheduler, ByUser, ByCancel, Failed, Unfinished];

    public static TrialOutcome Of(TrialInfo trial) => trial.Status switch
    {
        TrialStatus.Completed => Completed,
        TrialStatus.Stopped => trial.StoppedBy switch
        {
            StopKind.User => ByUser,
            StopKind.Cancel => ByCancel,
            _ => ByScheduler,
        },
        TrialStatus.Failed => Failed,
        _ => Unfinished,
    };

    public bool IsCut => this != Completed && this != Unfinished;
}
