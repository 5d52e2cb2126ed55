namespace ModelOpt.Cluster;

/// <summary>
/// Marks every message that crosses the network or enters the journal. One serializer
/// (<see cref="Serialization.ModelOptSerializer"/>) is bound to this interface.
/// </summary>
public interface IModelOptMessage;
