using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ModelOpt.Node.Telemetry;

/// <summary>
/// Writes OpenTelemetry metrics in Prometheus's text exposition format (version 0.0.4) under the names the
/// OpenTelemetry Collector's Prometheus exporter gives them, so a dashboard or alert reads the same series whether
/// Prometheus scrapes a node's <c>/metrics</c> or the collector: dots become underscores, the unit is appended as a word
/// (<c>ms</c> → <c>_milliseconds</c>, <c>By</c> → <c>_bytes</c>; annotations in braces add nothing) and monotonic sums
/// end in <c>_total</c>.
/// </summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Write(StringBuilder text, Metric metric)
    {
        var name = NameOf(metric.Name, metric.Unit, metric.MetricType);
        var type = metric.MetricType switch
        {
            MetricType.LongSum or MetricType.DoubleSum => "counter",
            MetricType.Histogram => "histogram",
            MetricType.LongGauge or MetricType.DoubleGauge or MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic => "gauge",
            // Exponential histograms have no text form; the node defines none.
            _ => null,
        };
        if (type is null) return;
        if (!string.IsNullOrEmpty(metric.Description)) text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(metric.Description)).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var labels = Labels(point.Tags);
            switch (metric.MetricType)
            {
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    Sample(text, name, labels, null, point.GetSumLong());
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    Sample(text, name, labels, null, point.GetSumDouble());
                    break;
                case MetricType.LongGauge:
                    Sample(text, name, labels, null, point.GetGaugeLastValueLong());
                    break;
                case MetricType.DoubleGauge:
                    Sample(text, name, labels, null, point.GetGaugeLastValueDouble());
                    break;
                case MetricType.Histogram:
                    long cumulative = 0;
                    foreach (var bucket in point.GetHistogramBuckets())
                    {
                        cumulative += bucket.BucketCount;
                        Sample(text, name + "_bucket", labels, Number(bucket.ExplicitBound), cumulative);
                    }
                    Sample(text, name + "_sum", labels, null, point.GetHistogramSum());
                    Sample(text, name + "_count", labels, null, point.GetHistogramCount());
                    break;
            }
        }
    }

    /// <summary>The Prometheus name of an instrument (see the class summary).</summary>
    public static string NameOf(string instrument, string? unit, MetricType type)
    {
        var name = Sanitize(instrument);
        var word = UnitWord(unit);
        if (word.Length > 0 && !name.EndsWith("_" + word, StringComparison.Ordinal)) name += "_" + word;
        var monotonic = type is MetricType.LongSum or MetricType.DoubleSum;
        return monotonic && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    private static string UnitWord(string? unit)
    {
        if (string.IsNullOrEmpty(unit)) return "";
        // "{trial}" names what is counted, not a unit; "{packet}/s" keeps only its unit part.
        var plain = System.Text.RegularExpressions.Regex.Replace(unit, @"\{[^}]*\}", "");
        if (plain.Length == 0) return "";
        var slash = plain.IndexOf('/');
        if (slash >= 0)
        {
            var per = Word(plain[(slash + 1)..]);
            var of = Word(plain[..slash]);
            return of.Length == 0 ? "per_" + per : $"{of}_per_{per}";
        }
        return Word(plain);
    }

    private static string Word(string unit) => unit switch
    {
        "d" => "days",
        "h" => "hours",
        "min" => "minutes",
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "By" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "GiBy" => "gibibytes",
        "%" => "percent",
        "1" => "",
        _ => Sanitize(unit),
    };

    private static string Sanitize(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name) text.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || c == ':' ? c : '_');
        if (text.Length > 0 && char.IsAsciiDigit(text[0])) text.Insert(0, '_');
        return text.ToString();
    }

    private static string Labels(ReadOnlyTagCollection tags)
    {
        var text = new StringBuilder();
        foreach (var tag in tags)
        {
            text.Append(text.Length == 0 ? "" : ",").Append(Sanitize(tag.Key)).Append("=\"");
            var value = tag.Value switch
            {
                null => "",
                double d => Number(d),
                float f => Number(f),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var v => v.ToString() ?? "",
            };
            EscapeLabel(text, value);
            text.Append('"');
        }
        return text.ToString();
    }

    private static void Sample(StringBuilder text, string name, string labels, string? le, double value) =>
        Sample(text, name, labels, le, Number(value));

    private static void Sample(StringBuilder text, string name, string labels, string? le, long value) =>
        Sample(text, name, labels, le, value.ToString(CultureInfo.InvariantCulture));

    private static void Sample(StringBuilder text, string name, string labels, string? le, string value)
    {
        text.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            text.Append('{').Append(labels);
            if (le is not null) text.Append(labels.Length > 0 ? "," : "").Append("le=\"").Append(le).Append('"');
            text.Append('}');
        }
        text.Append(' ').Append(value).Append('\n');
    }

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static void EscapeLabel(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '"': text.Append("\\\""); break;
                case '\n': text.Append(@"\n"); break;
                default: text.Append(c); break;
            }
        }
    }

    private static string EscapeHelp(string help) => help.Replace(@"\", @"\\").Replace("\n", @"\n");
}
