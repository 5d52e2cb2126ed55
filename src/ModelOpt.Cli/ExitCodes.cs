namespace ModelOpt.Cli;

/// <summary>What <c>mopt</c> exits with (docs/commands.md lists them too).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and failed: unknown search or trial, a search that ended cancelled, no best trial yet.</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments or input: unknown command, bad spec (every problem listed), bad host or token file.</summary>
    public const int Usage = 2;

    /// <summary>The command endpoint could not be reached (nothing listening, DNS, timeout).</summary>
    public const int Unreachable = 3;

    /// <summary>No valid token (401), or a read-only token used for a command that changes something (403).</summary>
    public const int Unauthorized = 4;
}
