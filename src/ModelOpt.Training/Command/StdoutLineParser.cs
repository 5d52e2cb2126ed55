using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ModelOpt.Training.Command;

/// <summary>
/// Reads the metrics protocol from stdout lines. A line is a metrics line when (after the optional prefix) it is a
/// JSON object with an <c>epoch</c> or <c>final</c> key; other JSON objects and plain text are log lines. A line that
/// starts like a metrics line but cannot be read is <see cref="StdoutLine.Malformed"/>, never an error.
/// Python's <c>json.dumps</c> writes non-finite floats as the bare tokens <c>NaN</c>, <c>Infinity</c>,
/// <c>-Infinity</c>, which strict JSON lacks; they are accepted (as are the same words in strings), so that a
/// diverging trainer is seen as such rather than as a malformed line.
/// </summary>
public static class StdoutLineParser
{
    private static readonly string[] NonFiniteTokens = ["-Infinity", "Infinity", "NaN"];

    public static StdoutLine Parse(string line, string? metricsPrefix)
    {
        var body = line.TrimStart();
        if (metricsPrefix is not null)
        {
            if (!body.StartsWith(metricsPrefix, StringComparison.Ordinal)) return new StdoutLine.Log(line);
            body = body[metricsPrefix.Length..].TrimStart();
        }
        if (!body.StartsWith('{')) return metricsPrefix is null
            ? new StdoutLine.Log(line)
            : new StdoutLine.Malformed(line, $"text after the prefix '{metricsPrefix}' is not a JSON object");

        JsonDocument document;
        try { document = JsonDocument.Parse(QuoteNonFiniteTokens(body)); }
        catch (JsonException e) { return new StdoutLine.Malformed(line, $"not valid JSON ({e.Message})"); }
        // A lone surrogate (text cut inside a character) cannot be turned into UTF-8 for the JSON reader.
        catch (ArgumentException) { return new StdoutLine.Malformed(line, "not valid text: it holds half of a character"); }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new StdoutLine.Malformed(line, "not a JSON object");
            if (root.TryGetProperty("final", out var final))
                return ReadFinal(line, final);
            if (root.TryGetProperty("epoch", out var epoch))
                return ReadEpoch(line, root, epoch);
            return metricsPrefix is null
                ? new StdoutLine.Log(line)
                : new StdoutLine.Malformed(line, "a metrics line needs an \"epoch\" or a \"final\" key");
        }
    }

    private static StdoutLine ReadFinal(string line, JsonElement final)
    {
        if (final.ValueKind != JsonValueKind.Object) return new StdoutLine.Malformed(line, "\"final\" must be an object of metrics");
        return ReadMetrics(final, skip: null, out var metrics, out var problem)
            ? new StdoutLine.Final(metrics)
            : new StdoutLine.Malformed(line, problem);
    }

    private static StdoutLine ReadEpoch(string line, JsonElement root, JsonElement epoch)
    {
        if (epoch.ValueKind != JsonValueKind.Number || !epoch.TryGetDouble(out var e) || e != Math.Floor(e) || e < 1 || e > int.MaxValue)
            return new StdoutLine.Malformed(line, $"\"epoch\" must be a whole number >= 1, got {epoch.GetRawText()}");
        var nested = root.TryGetProperty("metrics", out var metricsElement);
        if (nested && metricsElement.ValueKind != JsonValueKind.Object)
            return new StdoutLine.Malformed(line, "\"metrics\" must be an object of metrics");
        var ok = nested
            ? ReadMetrics(metricsElement, skip: null, out var metrics, out var problem)
            : ReadMetrics(root, skip: "epoch", out metrics, out problem);
        return ok ? new StdoutLine.Epoch((int)e, metrics) : new StdoutLine.Malformed(line, problem);
    }

    private static bool ReadMetrics(JsonElement source, string? skip, out IReadOnlyDictionary<string, double> metrics, out string problem)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        metrics = values;
        problem = "";
        foreach (var property in source.EnumerateObject())
        {
            if (property.Name == skip) continue;
            if (!TryReadNumber(property.Value, out var value))
            {
                problem = $"metric '{property.Name}' must be a number, got {property.Value.GetRawText()}";
                return false;
            }
            values[property.Name] = value;
        }
        if (values.Count > 0) return true;
        problem = "no metrics on the line";
        return false;
    }

    private static bool TryReadNumber(JsonElement element, out double value)
    {
        value = 0;
        if (element.ValueKind == JsonValueKind.Number) return element.TryGetDouble(out value);
        if (element.ValueKind != JsonValueKind.String) return false;
        switch (element.GetString())
        {
            case "NaN": value = double.NaN; return true;
            case "Infinity": value = double.PositiveInfinity; return true;
            case "-Infinity": value = double.NegativeInfinity; return true;
            default: return double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    /// <summary>Wraps bare NaN / Infinity / -Infinity tokens (outside strings) in quotes so that strict JSON reads them.</summary>
    public static string QuoteNonFiniteTokens(string json)
    {
        if (json.IndexOf("NaN", StringComparison.Ordinal) < 0 && json.IndexOf("Infinity", StringComparison.Ordinal) < 0) return json;
        var result = new StringBuilder(json.Length + 8);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                result.Append(c);
                if (c == '\\' && i + 1 < json.Length) result.Append(json[++i]);
                else if (c == '"') inString = false;
                continue;
            }
            if (c == '"') { inString = true; result.Append(c); continue; }
            var token = NonFiniteTokens.FirstOrDefault(t => string.CompareOrdinal(json, i, t, 0, t.Length) == 0);
            if (token is null) { result.Append(c); continue; }
            result.Append('"').Append(token).Append('"');
            i += token.Length - 1;
        }
        return result.ToString();
    }
}
