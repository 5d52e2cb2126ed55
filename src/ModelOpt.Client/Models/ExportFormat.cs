namespace ModelOpt.Client.Models;

/// <summary>How <c>mopt search export</c> writes a search's trials: CSV (one column per parameter and metric) or JSON Lines (one <see cref="TrialRow"/> a line).</summary>
public enum ExportFormat { Csv, Jsonl }
