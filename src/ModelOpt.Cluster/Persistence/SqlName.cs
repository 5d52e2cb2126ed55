namespace ModelOpt.Cluster.Persistence;

/// <summary>Table and column names as the SQL the journal and snapshot store write themselves uses them.</summary>
internal static class SqlName
{
    /// <summary><paramref name="name"/> as a quoted identifier (SQLite and PostgreSQL alike), so configured names may be anything.</summary>
    public static string Quote(string name) => $"\"{name.Replace("\"", "\"\"")}\"";
}
