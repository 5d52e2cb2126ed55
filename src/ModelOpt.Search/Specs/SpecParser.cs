using System.Text.RegularExpressions;
using ModelOpt.Search.Schedulers;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Specs.Reading;
using ModelOpt.Search.Workloads;
using YamlDotNet.RepresentationModel;

namespace ModelOpt.Search.Specs;

/// <summary>
/// Reads a search spec (YAML, or JSON, which is YAML's flow syntax) and validates all of it: every problem is
/// collected and thrown as one <see cref="SpecException"/>, each with a dotted path and, where known, the line and
/// column. Searcher, scheduler and workload options are checked by building them through the <see cref="SearchCatalog"/>
/// it is read with, so the spec is only accepted if the search could start with that catalog's kinds. docs/spec.md is
/// the reference for the format.
/// A spec read back from a journal goes through <see cref="ParseAccepted"/> instead, which rebuilds it as it was
/// accepted even where today's checks would reject it.
/// </summary>
public static partial class SpecParser
{
    public const string ApiVersion = "modelopt/v1";
    /// <summary>The searcher of a spec without a <c>searcher</c> key.</summary>
    public const string DefaultSearcher = "auto";

    /// <summary>The default before <c>auto</c>: a search submitted then without a searcher key recovers with it.</summary>
    public const string FormerDefaultSearcher = "random";
    public const string DefaultScheduler = "fifo";

    [GeneratedRegex("^[a-z0-9._-]{1,63}$")]
    private static partial Regex NamePattern();

    /// <param name="catalog">The kinds the spec may name.</param>
    /// <param name="limits">What the spec may cost to read; <see cref="SpecLimits.Submission"/> when null.</param>
    public static SearchSpec ParseFile(string path, SearchCatalog catalog, SpecLimits? limits = null)
    {
        limits ??= SpecLimits.Submission;
        return Parse(ReadFile(path, limits), catalog, path, limits);
    }

    /// <summary>
    /// The text of a spec file, read only as far as <see cref="SpecLimits.MaxSpecBytes"/>: a larger file is refused
    /// as too large without being read whole. UTF-8; a byte-order mark is skipped.
    /// </summary>
    public static string ReadFile(string path, SpecLimits? limits = null)
    {
        limits ??= SpecLimits.Submission;
        try
        {
            using var file = File.OpenRead(path);
            if (file.CanSeek) YamlDocumentLoader.CheckSize(file.Length, path, limits);
            // One byte past the limit is enough to know the file is over it (a pipe has no length to check first).
            var buffer = ReadAtMost(file, (long)limits.MaxSpecBytes + 1);
            YamlDocumentLoader.CheckSize(buffer.Length, path, limits);
            using var reader = new StreamReader(buffer, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
            var text = reader.ReadToEnd();
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpecException([new SpecError(path, $"cannot read the spec file: {e.Message}")]);
        }
    }

    private static MemoryStream ReadAtMost(Stream source, long max)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while (buffer.Length < max && (read = source.Read(chunk, 0, (int)Math.Min(chunk.Length, max - buffer.Length))) > 0)
            buffer.Write(chunk, 0, read);
        buffer.Position = 0;
        return buffer;
    }

    /// <summary>Reads and validates a spec submitted now.</summary>
    /// <param name="catalog">The kinds the spec may name.</param>
    /// <param name="sourceName">Where the text came from (a file path), used as the path of whole-document errors.</param>
    /// <param name="limits">What the spec may cost to read: <see cref="SpecLimits.Submission"/> when null.</param>
    public static SearchSpec Parse(string text, SearchCatalog catalog, string? sourceName = null, SpecLimits? limits = null) =>
        Read(text, catalog, sourceName, limits ?? SpecLimits.Submission, accepted: false, DefaultSearcher);

    /// <summary>
    /// Reads a spec that was accepted earlier (a journal's or snapshot's copy) as it was accepted: with
    /// <see cref="SpecLimits.Accepted"/>, without checking the algorithms' options again (they build with their
    /// defaults where a check fails), and ignoring any other problem as long as every part of the spec can still be
    /// read, so a check added since cannot stop its recovery. Throws <see cref="SpecException"/> only for a spec that cannot be.
    /// </summary>
    /// <param name="catalog">The searcher and scheduler kinds the spec may name (its workload kind need not be known).</param>
    /// <param name="defaultSearcher">The searcher a spec without a <c>searcher</c> key ran with when it was accepted.</param>
    public static SearchSpec ParseAccepted(string text, SearchCatalog catalog, string defaultSearcher = DefaultSearcher) =>
        Read(text, catalog, null, SpecLimits.Accepted, accepted: true, defaultSearcher);

    private static SearchSpec Read(string text, SearchCatalog catalog, string? sourceName, SpecLimits limits, bool accepted, string defaultSearcher)
    {
        var documentPath = sourceName ?? "spec";
        var root = YamlDocumentLoader.Load(text, documentPath, limits);
        var errors = new SpecErrorList(limits.MaxErrors) { ReadingAccepted = accepted };
        errors.IndexPaths("", root);
        var top = MappingReader.For("", root, errors, "a mapping with apiVersion, name, objective, space, workload, ...")
            ?? throw new SpecException([.. errors.InDocumentOrder().Select(e => e with { Path = documentPath })]);

        var apiVersion = top.String("apiVersion", required: true);
        if (apiVersion is not null and not ApiVersion)
            errors.Add("apiVersion", $"unsupported version '{apiVersion}'; this release reads {ApiVersion}", top.Get("apiVersion"));
        var name = top.String("name", required: true);
        if (name is not null && !NamePattern().IsMatch(name))
            errors.Add("name", $"must be 1 to 63 characters of a-z, 0-9, '-', '_' and '.', got '{name}'", top.Get("name"));
        var seed = top.Integer("seed", min: 0) ?? 0;
        var objective = ObjectiveReader.Read(top);
        var space = new SpaceReader(errors, limits).Read(top.Get("space", required: true));
        var (workload, workloadKind) = ReadWorkload(top, catalog.Workloads);
        var budget = ReadBudget(top, workloadKind, limits);
        var trial = ReadTrial(top);
        var searcher = ReadAlgorithm(top, "searcher", defaultSearcher, catalog.Searchers.Names);
        var scheduler = ReadAlgorithm(top, "scheduler", DefaultScheduler, catalog.Schedulers.Names);
        top.RejectUnknown();
        if (workload?.Kind == ExternalWorkload.Kind && scheduler?.Type == "pbt")
            errors.Add("scheduler.type", "pbt restarts trials from other trials' checkpoints, which the cluster cannot do for external trials; use asha, hyperband, median or patience",
                top.Get("scheduler"));

        if (accepted)
        {
            if (apiVersion is null || name is null || objective is null || space.Space is null || searcher is null || scheduler is null
                || budget is null || trial is null || workload is null)
                throw new SpecException(errors.InDocumentOrder());
            return new SearchSpec(apiVersion, name, objective, space.Space, searcher with { Accepted = true }, scheduler with { Accepted = true },
                budget, trial, workload with { Accepted = true }, (ulong)seed, text);
        }
        CheckBuildable(errors, catalog, space, objective, (ulong)seed, budget, searcher, scheduler, workload);

        if (errors.Count > 0) throw new SpecException(errors.InDocumentOrder());
        return new SearchSpec(apiVersion!, name!, objective!, space.Space!, searcher!, scheduler!, budget!, trial!, workload!, (ulong)seed, text);
    }

    /// <summary>
    /// Builds the searcher, scheduler and workload through the catalog, keeping every problem they report.
    /// They are checked even when other sections are broken, against what could be read of those; an empty space
    /// would only draw complaints about itself from algorithms that need parameters.
    /// </summary>
    private static void CheckBuildable(
        SpecErrorList errors, SearchCatalog catalog, SpaceReader.Result space, Objective? objective, ulong seed, BudgetSpec? budget,
        AlgorithmSpec? searcher, AlgorithmSpec? scheduler, WorkloadSpec? workload)
    {
        var maxEpochs = budget?.MaxEpochsPerTrial ?? 1;
        var checkSpace = space.Space ?? space.UsableSubset;
        var checkObjective = objective ?? new Objective("objective", ObjectiveMode.Min);
        if (searcher is not null && checkSpace.Parameters.Count > 0)
            CollectFactoryErrors(errors, "searcher", () => catalog.Searchers.Create(searcher.Type,
                new SearcherContext(checkSpace, checkObjective, seed, searcher.ToOptions("searcher"), maxEpochs, budget?.MaxTrials ?? int.MaxValue, budget?.MaxConcurrent ?? 1)));
        if (scheduler is not null && checkSpace.Parameters.Count > 0)
            CollectFactoryErrors(errors, "scheduler", () => catalog.Schedulers.Create(scheduler.Type,
                new SchedulerContext(checkSpace, checkObjective, seed, scheduler.ToOptions("scheduler"), maxEpochs)));
        if (searcher?.Type == "bohb" && scheduler is not null && budget is not null)
            foreach (var (path, message) in Searchers.Bohb.BohbSearcher.SpecProblems(scheduler.Type, budget.MaxEpochsPerTrial))
                errors.Add(path, message);
        if (workload is not null)
            CollectFactoryErrors(errors, "workload", () =>
            {
                var built = catalog.Workloads.Create(workload);
                if (built is ISpecCheckingWorkload checking && space.Space is not null && objective is not null)
                    errors.AddRange(checking.CheckSpec(space.Space, objective));
            });
    }

    private static BudgetSpec? ReadBudget(MappingReader top, string? workloadKind, SpecLimits limits)
    {
        var r = Section(top, "budget", required: true);
        if (r is null) return null;
        var maxTrials = r.Integer("maxTrials", required: true, min: 1, max: limits.MaxTrials);
        var maxConcurrent = r.Integer("maxConcurrent", min: 1, max: int.MaxValue) ?? 1;
        var maxWallTime = r.Duration("maxWallTime");
        // A function is evaluated in one step, so it needs no epoch budget; training workloads must state theirs.
        var maxEpochs = r.Integer("maxEpochsPerTrial", required: workloadKind is not "function", min: 1, max: int.MaxValue)
            ?? (workloadKind == "function" && !r.Has("maxEpochsPerTrial") ? 1 : null);
        var priority = r.Integer("priority", min: -BudgetSpec.MaxPriority, max: BudgetSpec.MaxPriority) ?? 0;
        var share = r.Number("share") ?? 1;
        if (share is <= 0 or > BudgetSpec.MaxShare)
        {
            r.Errors.Add(r.PathOf("share"), $"must be > 0 and ≤ {BudgetSpec.MaxShare}, got {share.ToString(System.Globalization.CultureInfo.InvariantCulture)}", r.Get("share"));
            share = 1;
        }
        r.RejectUnknown();
        return maxTrials is null || maxEpochs is null ? null
            : new BudgetSpec((int)maxTrials, (int)maxConcurrent, maxWallTime, (int)maxEpochs) { Priority = (int)priority, Share = share };
    }

    private static TrialSpec? ReadTrial(MappingReader top)
    {
        if (!top.Has("trial")) return new TrialSpec(0, null);
        var r = Section(top, "trial", required: false);
        if (r is null) return null;
        var before = top.Errors.Count;
        var retries = r.Integer("retries", min: 0, max: 100) ?? 0;
        var timeout = r.Duration("timeout");
        var gpuMemory = r.ByteSize("gpuMemory");
        r.RejectUnknown();
        return top.Errors.Count == before ? new TrialSpec((int)retries, timeout) { GpuMemoryBytes = gpuMemory } : null;
    }

    /// <summary><c>searcher: tpe</c> or <c>searcher: {type: tpe, ...options}</c>; absent means the default.</summary>
    private static AlgorithmSpec? ReadAlgorithm(MappingReader top, string section, string fallback, IReadOnlyCollection<string> known)
    {
        var node = top.Get(section);
        if (node is null) return new AlgorithmSpec(fallback, new Dictionary<string, object?>());
        if (node is YamlScalarNode { } scalar && YamlValues.Scalar(scalar) is string shortName)
            return KnownType(top.Errors, $"{section}.type", shortName, known, node) ? new AlgorithmSpec(shortName, new Dictionary<string, object?>()) : null;
        var r = MappingReader.For(section, node, top.Errors, "a type name or a mapping with a type and its options");
        if (r is null) return null;
        var type = r.String("type", required: true);
        var options = r.Rest("type");
        r.RejectUnknown(onlyMisspellings: true);
        return type is not null && KnownType(top.Errors, r.PathOf("type"), type, known, r.Get("type")) ? new AlgorithmSpec(type, options) : null;
    }

    /// <returns>The workload when valid, and the kind as written (it sets budget defaults even when the rest is broken).</returns>
    private static (WorkloadSpec? Workload, string? Kind) ReadWorkload(MappingReader top, WorkloadCatalog workloads)
    {
        var r = Section(top, "workload", required: true, "a mapping with a kind and its options");
        if (r is null) return (null, null);
        var kind = r.String("kind", required: true);
        var options = r.Rest("kind");
        r.RejectUnknown(onlyMisspellings: true);
        // An accepted spec's kind was known to the node that ran it; a reader without that kind (mopt reading a journal
        // of torch trials) still reads the spec.
        return kind is not null && (top.Errors.ReadingAccepted || KnownType(top.Errors, r.PathOf("kind"), kind, workloads.Kinds, r.Get("kind"), "workload kind"))
            ? (new WorkloadSpec(kind, options), kind)
            : (null, kind);
    }

    private static MappingReader? Section(MappingReader top, string key, bool required, string what = "a mapping")
    {
        var node = top.Get(key, required);
        return node is null ? null : MappingReader.For(key, node, top.Errors, what);
    }

    private static bool KnownType(SpecErrorList errors, string path, string name, IReadOnlyCollection<string> known, YamlNode? at, string? what = null)
    {
        if (known.Contains(name)) return true;
        var section = what ?? path.Split('.')[0];
        errors.Add(path, $"unknown {section} '{name}'{NameSuggestions.Hint(name, known)}", at);
        return false;
    }

    /// <summary>Runs a factory for validation only, keeping the problems it reports.</summary>
    private static void CollectFactoryErrors(SpecErrorList errors, string section, Action build)
    {
        try { build(); }
        catch (SpecException e) { errors.AddRange(e.Errors); }
        catch (ArgumentException e) { errors.Add(section, e.Message); }
    }
}
