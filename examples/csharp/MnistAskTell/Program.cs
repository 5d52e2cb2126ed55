// Trains TorchSharp MLPs on the repository's MNIST subset as the trials of an external search: the cluster proposes
// the hyperparameters (TPE) and stops weak trials (ASHA); this program trains. Run several copies to train in parallel.
//
//   MOPT_TOKEN=... dotnet run --project examples/csharp/MnistAskTell -- --url localhost:9110 [--spec examples/external-mnist.yaml] [--search ID] [--limit N]
//
// The endpoint and token are found as mopt finds them (--url, MOPT_HOST, MOPT_TOKEN, MOPT_TOKEN_FILE, the context file).
using MnistAskTell;
using ModelOpt.Client;
using ModelOpt.Client.External;

var options = Arguments.Parse(args);
var root = Arguments.RepositoryRoot();
TorchSharp.torch.set_num_threads(1);
var (images, labels) = MnistData.Load(Path.Combine(root, "data", "mnist"), options.Limit);
using var client = new ModelOptClient(ClientEnvironment.Options(options.Url));
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var search = options.SearchId is { } id
    ? new ExternalSearch(client, id)
    : await ExternalSearch.SubmitAsync(client, await File.ReadAllTextAsync(options.Spec ?? Path.Combine(root, "examples", "external-mnist.yaml")), cancellationToken: cancel.Token);
Console.WriteLine($"search {search.SearchId}");
var trainer = new MlpTrial(images, labels);
var done = await search.OptimizeAsync(trainer.TrainAsync, cancel.Token);
var best = done.Trials.FirstOrDefault(t => t.TrialId == done.BestTrialId);
Console.WriteLine(best is null
    ? $"{done.SearchId} {CommandJson.Name(done.Status)}: no trial completed"
    : $"{done.SearchId} {CommandJson.Name(done.Status)}: best {best.TrialId} val_accuracy {best.Objective:F4} with {string.Join(", ", best.Config.Select(c => $"{c.Key}={c.Value}"))}");

namespace MnistAskTell
{
    internal sealed record Arguments(string? Url, string? Spec, string? SearchId, int? Limit)
    {
        public static Arguments Parse(string[] args)
        {
            string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            return new Arguments(Value("--url"), Value("--spec"), Value("--search"), Value("--limit") is { } limit ? int.Parse(limit) : null);
        }

        /// <summary>The repository holding data/mnist, found upwards from the program.</summary>
        public static string RepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
                if (Directory.Exists(Path.Combine(directory.FullName, "data", "mnist"))) return directory.FullName;
            throw new DirectoryNotFoundException($"no data/mnist above {AppContext.BaseDirectory}");
        }
    }
}
