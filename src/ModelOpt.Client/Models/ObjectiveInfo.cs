namespace ModelOpt.Client.Models;

/// <summary>One objective of a search: the metric and whether it is minimized or maximized.</summary>
public sealed record ObjectiveInfo(string Metric, ObjectiveMode Mode);
