using TorchSharp;
using static TorchSharp.torch;

namespace ModelOpt.Training.Techniques.Adversarial;

/// <summary>
/// Computes adversarial inputs with FGSM or PGD (no random start, so both are deterministic). The model is put in
/// eval mode while attacking (dropout off, batch-norm statistics untouched) and restored after. Gradients are taken
/// with respect to the input only (<c>autograd.grad</c>), so the parameters' gradients are left alone. Every step is
/// clipped to the data range and then projected onto the ε ball, so the result is always within ε (L∞) of the input.
/// Tensors created here belong to the caller's dispose scope.
/// </summary>
public static class Attack
{
    public static Tensor Perturb(nn.Module<Tensor, Tensor> model, Tensor input, Tensor target, AttackSettings attack, DataRange range)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var gradients = enable_grad();
            // Scalars are explicit and disposed: an implicit one can be finalized while a native call still reads it.
            using var epsilon = attack.Epsilon.ToScalar();
            using var stepSize = attack.StepSize.ToScalar();
            using var low = range.Low.ToScalar();
            using var high = range.High.ToScalar();
            var clean = input.detach();
            var lower = clean.sub(epsilon);
            var upper = clean.add(epsilon);
            var adversarial = clean;
            for (var step = 0; step < attack.Steps; step++)
            {
                var x = adversarial.detach().requires_grad_(true);
                var loss = nn.functional.cross_entropy(model.forward(x), target);
                var gradient = autograd.grad([loss], [x])[0];
                adversarial = x.detach().add(gradient.sign(), stepSize).clamp(low, high).maximum(lower).minimum(upper);
            }
            return adversarial.detach();
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
