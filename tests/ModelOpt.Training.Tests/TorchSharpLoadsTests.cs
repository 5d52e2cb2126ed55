using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests;

/// <summary>Proves the native TorchSharp library loads on this host (see scripts/fix-torchsharp.sh) and really trains.</summary>
public class TorchSharpLoadsTests
{
    [Fact]
    public void A_small_network_learns_a_nonlinear_rule()
    {
        torch.manual_seed(1);
        using var scope = torch.NewDisposeScope();
        // Label = whether the point lies inside the unit circle: not linearly separable.
        var x = torch.rand(512, 2) * 4 - 2;
        var y = (x.pow(2).sum(1) < 1).to(ScalarType.Int64);
        var model = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 2));
        var optimizer = optim.Adam(model.parameters(), lr: 0.02);
        var lossFn = nn.CrossEntropyLoss();
        float firstLoss = 0, lastLoss = 0;
        for (var step = 0; step < 300; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = lossFn.forward(model.forward(x), y);
            loss.backward();
            optimizer.step();
            if (step == 0) firstLoss = loss.item<float>();
            lastLoss = loss.item<float>();
        }
        var accuracy = (model.forward(x).argmax(1) == y).to(ScalarType.Float32).mean().item<float>();
        Assert.True(lastLoss < firstLoss / 4, $"loss went from {firstLoss} to {lastLoss}");
        Assert.True(accuracy > 0.95, $"accuracy {accuracy}");
    }
}
