using Xunit;

namespace ModelOpt.Cli.Tests.Support;

/// <summary>A <see cref="CommandNode"/> on this suite's own ports (endpoint 28140, Akka 28141) for the ask/report/tell commands.</summary>
public sealed class ExternalTrialNode() : CommandNode(28141, 28140);

[CollectionDefinition(Name)]
public sealed class ExternalTrialNodeCollection : ICollectionFixture<ExternalTrialNode>
{
    public const string Name = "external trial node";
}
