using Microsoft.Extensions.Configuration;
using Xunit;

namespace ModelOpt.Node.Tests.Options;

/// <summary>Whether searches send a trial's start while its journal write is in flight: on unless switched off.</summary>
public sealed class StartBeforeStoredOptionTests
{
    private static NodeOptions Read(params (string Key, string Value)[] settings) =>
        NodeOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Fact]
    public void It_is_on_by_default_and_the_switch_the_variable_or_appsettings_turn_it_off()
    {
        Assert.True(Read().StartBeforeStored);
        Assert.False(Read(("start-before-stored", "false")).StartBeforeStored);
        Assert.False(Read(("MOPT_START_BEFORE_STORED", "0")).StartBeforeStored);
        Assert.False(Read(("Node:StartBeforeStored", "off")).StartBeforeStored);
        Assert.True(Read(("start-before-stored", "on"), ("MOPT_START_BEFORE_STORED", "0")).StartBeforeStored);
    }
}
