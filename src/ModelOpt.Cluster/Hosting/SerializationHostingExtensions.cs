using Akka.Hosting;
using ModelOpt.Cluster.Serialization;

namespace ModelOpt.Cluster.Hosting;

public static class SerializationHostingExtensions
{
    /// <summary>Binds <see cref="ModelOptSerializer"/> to every <see cref="IModelOptMessage"/>.</summary>
    public static AkkaConfigurationBuilder AddModelOptSerialization(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer("modelopt", [typeof(IModelOptMessage)], system => new ModelOptSerializer(system));
}
