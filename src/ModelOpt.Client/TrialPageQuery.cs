using System.Globalization;
using ModelOpt.Client.Errors;
using ModelOpt.Client.Models;

namespace ModelOpt.Client;

/// <summary>
/// A <see cref="TrialQuery"/> as a query string: <c>?offset=0&amp;limit=100&amp;status=completed&amp;sort=objective&amp;curves=false&amp;changedAfter=N</c>.
/// Every parameter is optional; a bad one is a <see cref="CommandException"/> naming it (the endpoint checks <c>trial</c> as it checks every id).
/// </summary>
public static class TrialPageQuery
{
    public static string Format(TrialQuery query)
    {
        var parts = new List<string> { $"offset={query.Offset}", $"limit={query.Limit}" };
        if (query.Status is { } status) parts.Add($"status={CommandJson.Name(status)}");
        if (query.Sort != TrialSort.Id) parts.Add($"sort={query.Sort.ToString().ToLowerInvariant()}");
        if (!query.Curves) parts.Add("curves=false");
        if (query.ChangedAfter is { } after) parts.Add($"changedAfter={after}");
        if (query.TrialId is { } id) parts.Add($"trial={Uri.EscapeDataString(id)}");
        return "?" + string.Join('&', parts);
    }

    /// <summary>Reads the query from the request's parameters (name → value).</summary>
    public static TrialQuery Parse(Func<string, string?> parameter)
    {
        var query = new TrialQuery(
            Int(parameter, "offset") ?? 0,
            Int(parameter, "limit") ?? TrialQuery.DefaultLimit,
            parameter("status") is { } status ? Enum<TrialStatus>("status", status) : null,
            parameter("sort") is { } sort ? Enum<TrialSort>("sort", sort) : TrialSort.Id)
        {
            Curves = parameter("curves") is not { } curves || Bool("curves", curves),
            ChangedAfter = parameter("changedAfter") is { } after ? Long("changedAfter", after) : null,
            TrialId = parameter("trial"),
        };
        if (query.Problem is var (field, message)) throw CommandException.BadRequest(field, message);
        return query;
    }

    private static int? Int(Func<string, string?> parameter, string name) =>
        parameter(name) is not { } text ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw CommandException.BadRequest(name, $"must be a whole number, got '{Clip(text)}'");

    private static long Long(string name, string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw CommandException.BadRequest(name, $"must be a whole number, got '{Clip(text)}'");

    private static bool Bool(string name, string text) => text.ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw CommandException.BadRequest(name, $"must be true or false, got '{Clip(text)}'"),
    };

    private static T Enum<T>(string name, string text) where T : struct, System.Enum =>
        System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !int.TryParse(text, out _) ? value
        : throw CommandException.BadRequest(name, $"must be one of {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}, got '{Clip(text)}'");

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
