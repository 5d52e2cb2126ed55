namespace ModelOpt.Cli.Palettes;

/// <summary>A trial on the command line: <c>search/trial</c>, e.g. <c>branin-random-1a2b3c4d/t0003</c>.</summary>
public sealed record TrialRef(string SearchId, string TrialId)
{
    public static TrialRef Parse(string text)
    {
        var slash = text.LastIndexOf('/');
        if (slash <= 0 || slash == text.Length - 1)
            throw new CliFailure(ExitCodes.Usage, $"trial: expected <search>/<trial>, e.g. my-search-1a2b3c4d/t0003, got '{text}'");
        return new TrialRef(text[..slash], text[(slash + 1)..]);
    }
}
