namespace ModelOpt.Training.Data;

/// <summary>A data file that cannot be read as promised: the message names the file, the place and what is wrong.</summary>
public sealed class DatasetFormatException(string message, Exception? inner = null) : Exception(message, inner);
