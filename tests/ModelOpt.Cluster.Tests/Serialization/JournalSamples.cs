using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Cluster.Tests.Serialization;

/// <summary>
/// An instance of a journaled record with every constructor argument and settable property non-default, nested records
/// included, built by reflection so a property added later is set too (or the build fails, naming its type).
/// </summary>
internal static class JournalSamples
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 12, 6, 12, 34, 56, TimeSpan.FromHours(2)).AddTicks(1234567);

    public static object Of(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var instance = constructor.Invoke([.. constructor.GetParameters().Select(p => Value(p.ParameterType, p.Name!))]);
        var parameters = constructor.GetParameters().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is { IsPublic: true } && !parameters.Contains(property.Name)) property.SetValue(instance, Value(property.PropertyType, property.Name));
        }
        return instance;
    }

    private static object Value(Type type, string name)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsEnum) return Enum.GetValues(underlying).Cast<object>().Last();
        if (underlying == typeof(string)) return $"{name} \"ü\"";
        if (underlying == typeof(int)) return 7;
        if (underlying == typeof(long)) return long.MaxValue;
        if (underlying == typeof(ulong)) return ulong.MaxValue;
        if (underlying == typeof(bool)) return true;
        if (underlying == typeof(double)) return 0.1;
        if (underlying == typeof(DateTimeOffset)) return At;
        if (underlying == typeof(Config))
            return Config.Empty.With("lr", ParameterValue.Float(double.NaN)).With("layers", ParameterValue.Int(3)).With("act", ParameterValue.String("relu")).With("bn", ParameterValue.Bool(true));
        if (underlying == typeof(IReadOnlyDictionary<string, double>))
            return new Dictionary<string, double> { ["loss"] = double.NaN, ["up"] = double.PositiveInfinity, ["down"] = double.NegativeInfinity, ["acc"] = 1e-300 };
        if (underlying == typeof(IReadOnlyDictionary<string, string>)) return new Dictionary<string, string> { ["matrix.csv"] = "a,b\n1,2", ["note"] = "ü" };
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(ImmutableList<>))
            return typeof(ImmutableList).GetMethod(nameof(ImmutableList.CreateRange))!.MakeGenericMethod(underlying.GetGenericArguments()[0]).Invoke(null, [Items(underlying.GetGenericArguments()[0])])!;
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)) return Items(underlying.GetGenericArguments()[0]);
        if (underlying.Namespace?.StartsWith("ModelOpt.", StringComparison.Ordinal) == true && underlying.IsClass) return Of(underlying);
        throw new NotSupportedException($"no sample for {type} ({name}): teach JournalSamples this type");
    }

    private static IList Items(Type item)
    {
        var items = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(item))!;
        items.Add(Of(item));
        items.Add(Of(item));
        return items;
    }
}
