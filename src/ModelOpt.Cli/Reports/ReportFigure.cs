namespace ModelOpt.Cli.Reports;

/// <summary>A PNG the report wrote, with the words that go with it.</summary>
public sealed record ReportFigure(string FileName, string Title, string Caption);
