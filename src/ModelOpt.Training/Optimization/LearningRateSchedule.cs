namespace ModelOpt.Training.Optimization;

public enum ScheduleKind { Constant, Step, Exponential, Cosine }

/// <summary>
/// The learning rate at every training step, as a pure function of the step: a linear warm-up over the first
/// <paramref name="WarmupEpochs"/> epochs (per step, from lr/warm-up steps up to lr), then
/// <c>constant</c>; <c>step</c> (times <paramref name="Gamma"/> every <paramref name="StepSize"/> epochs);
/// <c>exponential</c> (times gamma every epoch); or <c>cosine</c> (from lr down to 0 at the end of the last epoch).
/// Being a function of the step, it resumes exactly from any epoch.
/// </summary>
public sealed record LearningRateSchedule(ScheduleKind Kind, double BaseRate, int TotalEpochs, int StepsPerEpoch, int StepSize = 1, double Gamma = 0.1, double WarmupEpochs = 0)
{
    public static readonly IReadOnlyDictionary<string, ScheduleKind> Names = new Dictionary<string, ScheduleKind>(StringComparer.Ordinal)
    {
        ["constant"] = ScheduleKind.Constant,
        ["step"] = ScheduleKind.Step,
        ["exponential"] = ScheduleKind.Exponential,
        ["cosine"] = ScheduleKind.Cosine,
    };

    /// <param name="step">Zero-based global step (epoch × steps per epoch + step within the epoch).</param>
    public double RateAt(long step)
    {
        var warmupSteps = (long)Math.Round(WarmupEpochs * StepsPerEpoch);
        if (step < warmupSteps) return BaseRate * (step + 1) / warmupSteps;
        var epoch = step / StepsPerEpoch;
        return Kind switch
        {
            ScheduleKind.Step => BaseRate * Math.Pow(Gamma, epoch / Math.Max(1, StepSize)),
            ScheduleKind.Exponential => BaseRate * Math.Pow(Gamma, epoch),
            ScheduleKind.Cosine => Cosine(step - warmupSteps, (long)TotalEpochs * StepsPerEpoch - warmupSteps),
            _ => BaseRate,
        };
    }

    private double Cosine(long step, long span) =>
        span <= 0 ? BaseRate : BaseRate * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(step, span) / span));
}
