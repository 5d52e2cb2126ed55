namespace ModelOpt.Training.Command;

public enum CommandLogStream { Stdout, Stderr, Warning }

/// <summary>One line of a trial command's log, as it arrives: a non-metrics stdout line, a stderr line, or a warning from the workload.</summary>
public sealed record CommandLogLine(string TrialId, CommandLogStream Stream, string Text);
