using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Techniques.Adversarial;
using ModelOpt.Training.Techniques.MultiTask;
using ModelOpt.Training.Trainer;
using static TorchSharp.torch;

namespace ModelOpt.Training.Techniques;

/// <summary>
/// Multi-task heads, adversarial training and robust evaluation for one trial: read from its configuration and the
/// workload options when the trial starts (a bad value fails it as <see cref="FailureKind.BadConfig"/> before any
/// data is loaded), then applied by wrapping the model and adding training hooks.
/// </summary>
public sealed class TaskAndAttackTechniques
{
    private readonly IReadOnlyList<TaskDefinition>? _tasks;
    private readonly double[] _taskWeights;
    private readonly AdversarialTraining? _adversarial;
    private readonly RobustnessOptions? _robustness;

    private TaskAndAttackTechniques(IReadOnlyList<TaskDefinition>? tasks, double[] taskWeights, AdversarialTraining? adversarial, RobustnessOptions? robustness)
    {
        _tasks = tasks;
        _taskWeights = taskWeights;
        _adversarial = adversarial;
        _robustness = robustness;
    }

    public static TaskAndAttackTechniques Read(Config config, IReadOnlyList<TaskDefinition>? tasks, RobustnessOptions? robustness) =>
        new(tasks, tasks is null ? [] : TaskLossWeights.FromConfig(config, tasks), AdversarialTraining.FromConfig(config), robustness);

    /// <summary>How many outputs the family's model needs: every task's classes side by side, or the data set's.</summary>
    public int Outputs(int numClasses)
    {
        if (_tasks is null) return numClasses;
        foreach (var task in _tasks)
            if (task.Classes(numClasses) < 2)
                throw new TrialFailedException(FailureKind.BadConfig,
                    $"task '{task.Name}': labels '{task.Labels.Text}' give a single class on a data set of {numClasses} classes");
        return _tasks.Sum(t => t.Classes(numClasses));
    }

    public nn.Module<Tensor, Tensor> Wrap(nn.Module<Tensor, Tensor> model, int numClasses) =>
        _tasks is null ? model : new MultiTaskModel(model, [.. _tasks.Select(t => t.Classes(numClasses))]);

    /// <summary>The hooks, in the order they must run: the multi-task loss reads the step's forward output before the adversarial hook runs the model again.</summary>
    public IEnumerable<ITrainingHook> Hooks(int evaluationBatchSize)
    {
        if (_tasks is not null) yield return new MultiTaskHook(_tasks, _taskWeights, evaluationBatchSize);
        if (_adversarial is not null) yield return new AdversarialTrainingHook(_adversarial);
        if (_robustness is not null) yield return new RobustAccuracyHook(_robustness, evaluationBatchSize);
    }
}
