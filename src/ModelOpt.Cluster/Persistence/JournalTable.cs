using Akka.Persistence.Sql.Config;
using static ModelOpt.Cluster.Persistence.SqlName;

namespace ModelOpt.Cluster.Persistence;

/// <summary>The journal table's quoted name and column names, as Akka.Persistence.Sql's table mapping configures them.</summary>
internal sealed record JournalTable(string Name, string Created, string Deleted, string PersistenceId, string SequenceNumber,
    string Message, string Manifest, string Identifier, string? WriterUuid)
{
    public static JournalTable Of(JournalConfig config)
    {
        var table = config.TableConfig.EventJournalTable;
        var columns = table.ColumnNames;
        var schema = config.TableConfig.SchemaName;
        return new JournalTable(
            string.IsNullOrEmpty(schema) ? Quote(table.Name) : $"{Quote(schema)}.{Quote(table.Name)}",
            Quote(columns.Created), Quote(columns.Deleted), Quote(columns.PersistenceId), Quote(columns.SequenceNumber),
            Quote(columns.Message), Quote(columns.Manifest), Quote(columns.Identifier),
            table.UseWriterUuidColumn ? Quote(columns.WriterUuid) : null);
    }
}
