namespace ModelOpt.Client.Errors;

/// <summary>The error codes of the command API and the HTTP status each travels with.</summary>
public static class CommandErrorCodes
{
    public const string BadRequest = "bad_request";
    public const string InvalidSpec = "invalid_spec";
    public const string TooLarge = "too_large";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";

    /// <summary>An external trial's attempt no longer holds its lease (expired, requeued, taken over): nothing was recorded.</summary>
    public const string LeaseLost = "lease_lost";
    public const string Unavailable = "unavailable";
    public const string Internal = "internal";

    /// <summary>The command changes something, and what answered can only read (a journal opened read-only).</summary>
    public const string ReadOnly = "read_only";

    /// <summary>Raised by the client itself, never answered by a node: nothing answered at the address (refused, DNS, timeout).</summary>
    public const string Unreachable = "unreachable";

    public static int HttpStatus(string code) => code switch
    {
        BadRequest or InvalidSpec => 400,
        Unauthorized => 401,
        Forbidden => 403,
        NotFound => 404,
        Conflict or ReadOnly or LeaseLost => 409,
        TooLarge => 413,
        Internal => 500,
        _ => 503,
    };

    /// <summary>Whether trying the same request again later may succeed.</summary>
    public static bool IsTransient(string code) => code is Unavailable or Unreachable;
}
