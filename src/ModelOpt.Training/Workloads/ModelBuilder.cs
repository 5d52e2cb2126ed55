using ModelOpt.Search.Spaces;
using static TorchSharp.torch;

namespace ModelOpt.Training.Workloads;

/// <summary>Builds the trial's model from its configuration, the shape of one sample and the number of classes.</summary>
public delegate nn.Module<Tensor, Tensor> ModelBuilder(Config config, long[] sampleShape, int numClasses);
