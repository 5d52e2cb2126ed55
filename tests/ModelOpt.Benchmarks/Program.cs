using System.Text.Json;
using ModelOpt.Benchmarks;
using ModelOpt.Cluster.Workers.Isolation;
using ModelOpt.Training;

// Benchmarks that run a worker with isolated slots start their trial processes as this program, which knows the
// isolation benchmark's crashing workload too.
if (args is [TrialHost.Verb, .. var hostArguments])
    return await TrialHost.RunAsync(hostArguments, ModelOpt.Benchmarks.Gpu.KernelFaultWorkload.AddTo(TrainingCatalog.Default));

// Benchmarks are discovered by reflection: adding one is adding a class that implements IBenchmark.
var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToDictionary(b => b.Name, StringComparer.Ordinal);

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var benchmark))
{
    Console.Error.WriteLine(args.Length == 0 ? "usage: ModelOpt.Benchmarks <name> [--option value ...]" : $"unknown benchmark '{args[0]}'");
    foreach (var b in benchmarks.Values) Console.Error.WriteLine($"  {b.Name,-22} {b.Usage}");
    return 2;
}

try
{
    var result = await benchmark.RunAsync(new BenchmarkArgs(args[1..]));
    Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = false, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
    return 0;
}
catch (UsageException e)
{
    Console.Error.WriteLine($"{benchmark.Name}: {e.Message}\nusage: {benchmark.Name} {benchmark.Usage}");
    return 2;
}
