namespace ModelOpt.Benchmarks;

/// <summary>A named benchmark. It parses its own arguments and returns one object, printed as JSON on stdout.</summary>
public interface IBenchmark
{
    string Name { get; }
    string Usage { get; }
    Task<object> RunAsync(BenchmarkArgs args);
}
