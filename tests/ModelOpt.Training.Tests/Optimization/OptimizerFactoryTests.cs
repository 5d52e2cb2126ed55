using ModelOpt.Training.Optimization;
using Xunit;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests.Optimization;

public class OptimizerFactoryTests
{
    [Theory]
    [InlineData("sgd", 0.1)]
    [InlineData("momentum", 0.05)]
    [InlineData("nesterov", 0.05)]
    [InlineData("adam", 0.05)]
    [InlineData("adamw", 0.05)]
    [InlineData("rmsprop", 0.01)]
    [InlineData("adagrad", 0.2)]
    public void Every_optimizer_minimises_a_quadratic(string name, double lr)
    {
        using var scope = NewDisposeScope();
        var settings = new OptimizerSettings(OptimizerSettings.Names[name], lr, 0.9, 0, 0);
        var weight = nn.Parameter(tensor(new float[] { 3, -2 }));
        using var optimizer = OptimizerFactory.Create(settings, [weight]);
        for (var i = 0; i < 100; i++)
        {
            using var step = NewDisposeScope();
            optimizer.zero_grad();
            weight.pow(2).sum().backward();
            optimizer.step();
        }
        Assert.True(weight.pow(2).sum().item<float>() < 13f / 4, $"{name} left the weight at {weight.pow(2).sum().item<float>()}");
    }

    [Fact]
    public void The_learning_rate_can_be_set_for_every_group()
    {
        using var scope = NewDisposeScope();
        var weight = nn.Parameter(ones(2));
        using var optimizer = OptimizerFactory.Create(new OptimizerSettings(OptimizerKind.Sgd, 0.1, 0, 0, 0), [weight]);
        OptimizerFactory.SetLearningRate(optimizer, 0.5);
        optimizer.zero_grad();
        weight.sum().backward();
        optimizer.step();
        Assert.Equal([0.5f, 0.5f], weight.data<float>().ToArray());
    }
}
