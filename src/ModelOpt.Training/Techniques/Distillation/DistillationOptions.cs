using ModelOpt.Search;

namespace ModelOpt.Training.Techniques.Distillation;

/// <summary>
/// <c>workload.distillation</c>: the teacher, a checkpoint of an earlier trial (its architecture is rebuilt from the
/// configuration saved with it). The temperature and the weight of the teacher's term are configuration keys
/// (<c>distillTemperature</c>, <c>distillAlpha</c>), so a search can tune them.
/// </summary>
public sealed record DistillationOptions(CheckpointReference Teacher)
{
    public const string Key = "distillation";

    public static DistillationOptions? Read(AlgorithmOptions options)
    {
        var teacher = CheckpointReference.Read(options, "teacher", "distillation's teacher");
        options.RejectUnknown();
        return teacher is null ? null : new DistillationOptions(teacher);
    }
}
