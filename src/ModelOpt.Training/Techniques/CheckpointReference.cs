using ModelOpt.Search;
using ModelOpt.Training.Checkpoints;

namespace ModelOpt.Training.Techniques;

/// <summary>
/// A checkpoint another trial wrote, named in a spec either as <c>{path: &lt;dir&gt;}</c> (a checkpoint folder, or a
/// trial directory meaning its <c>checkpoint</c> folder) or as <c>{search: &lt;id&gt;, trial: &lt;id&gt;, checkpoint: best|last}</c>, which
/// resolves inside the checkpoint root: <c>&lt;root&gt;/&lt;search&gt;/&lt;trial&gt;/&lt;checkpoint&gt;</c>. The
/// root is <c>root</c> when given, else the one this trial writes into (its checkpoint directory is
/// <c>&lt;root&gt;/&lt;its search&gt;/&lt;its trial&gt;</c>).
/// </summary>
public sealed record CheckpointReference(string? Path, string? Search, string? Trial, string Checkpoint, string? Root, string SpecPath)
{
    /// <summary>Reads the reference at <paramref name="key"/>; records a problem and returns null when it is missing or malformed.</summary>
    public static CheckpointReference? Read(AlgorithmOptions options, string key, string what)
    {
        if (!options.Has(key))
        {
            options.AddError(key, $"{what} is required: {{path: <checkpoint>}} or {{search: <id>, trial: <id>}}");
            return null;
        }
        if (options.Nested(key) is not { } nested) return null;
        var path = nested.OptionalString("path");
        var search = nested.OptionalString("search");
        var trial = nested.OptionalString("trial");
        var which = nested.String("checkpoint", CheckpointStore.Best, CheckpointStore.Best, CheckpointStore.Last);
        var root = nested.OptionalString("root");
        nested.RejectUnknown();
        if (path is not null)
        {
            if (search is not null || trial is not null) nested.AddError("path", "give either 'path' or 'search' and 'trial', not both");
            else if (!HasCheckpoint(path) && !HasCheckpoint(System.IO.Path.Combine(path, which)))
                nested.AddError("path", $"no checkpoint at '{path}' (expected checkpoint.json there or in its '{which}' folder)");
            else return new CheckpointReference(path, null, null, which, null, nested.Path);
            return null;
        }
        if (search is null) nested.AddError("search", $"{what} needs 'path', or 'search' and 'trial' (the ids of the search and trial that trained it)");
        if (trial is null) nested.AddError("trial", $"{what} needs 'path', or 'search' and 'trial' (the ids of the search and trial that trained it)");
        if (root is not null && !Directory.Exists(root)) nested.AddError("root", $"directory '{root}' not found");
        return search is null || trial is null ? null : new CheckpointReference(null, search, trial, which, root, nested.Path);
    }

    /// <summary>The checkpoint folder, given the directory of the trial that needs it (null without a checkpoint store).</summary>
    public string Resolve(string? trialCheckpointDir)
    {
        if (Path is not null) return HasCheckpoint(Path) ? Path : CheckpointStore.Resolve(System.IO.Path.Combine(Path, Checkpoint));
        var root = Root ?? (trialCheckpointDir is null ? null : Directory.GetParent(trialCheckpointDir)?.Parent?.FullName)
            ?? throw new FileNotFoundException($"{SpecPath}: search '{Search}' trial '{Trial}' cannot be found without a checkpoint directory; give 'root' or a path");
        var folder = System.IO.Path.Combine(root, Search!, Trial!, Checkpoint);
        if (!HasCheckpoint(folder))
            throw new FileNotFoundException($"{SpecPath}: no '{Checkpoint}' checkpoint of trial '{Trial}' of search '{Search}' at '{folder}'");
        return folder;
    }

    private static bool HasCheckpoint(string folder) => File.Exists(System.IO.Path.Combine(folder, "checkpoint.json"));

    public override string ToString() => Path ?? $"search '{Search}' trial '{Trial}' ({Checkpoint})";
}
