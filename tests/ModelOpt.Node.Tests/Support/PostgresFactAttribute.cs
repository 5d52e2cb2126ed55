using Xunit;

namespace ModelOpt.Node.Tests.Support;

/// <summary>A fact that is skipped, with the reason shown, where no PostgreSQL server can be started on this machine.</summary>
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.Unavailable is { } reason) Skip = reason;
    }
}
