using Microsoft.Extensions.Configuration;
using ModelOpt.Node;
using ModelOpt.Node.Endpoint;
using Xunit;

namespace ModelOpt.Node.Tests.Endpoint;

public sealed class AccessTokensTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mopt-tokens-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Full_and_read_only_tokens_are_told_apart_and_anything_else_is_refused()
    {
        var file = Path.Combine(_dir, "token");
        File.WriteAllText(file, "from-the-secret-file\n");
        var tokens = AccessTokens.From(new CommandEndpointOptions { TokenFile = file, Token = "from-the-environment", ReadOnlyToken = "look-only" });

        Assert.Equal(Access.Full, tokens.Check("from-the-secret-file"));
        Assert.Equal(Access.Full, tokens.Check("from-the-environment"));
        Assert.Equal(Access.ReadOnly, tokens.Check("look-only"));
        Assert.Equal(Access.None, tokens.Check("from-the-secret-fil"));
        Assert.Equal(Access.None, tokens.Check(""));
        Assert.Equal(Access.None, tokens.Check(null));
    }

    [Fact]
    public void A_missing_token_file_is_named_in_the_error()
    {
        var missing = Path.Combine(_dir, "nope");

        var error = Assert.Throws<ArgumentException>(() => AccessTokens.From(new CommandEndpointOptions { ReadOnlyTokenFile = missing }));

        Assert.Contains("--readonly-token-file", error.Message);
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void No_token_at_all_leaves_the_set_empty()
    {
        Assert.True(AccessTokens.From(new CommandEndpointOptions()).IsEmpty);
    }

    [Fact]
    public void Node_options_read_the_endpoint_settings_from_the_environment()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MOPT_COMMAND_PORT"] = "9141",
            ["MOPT_TOKEN_FILE"] = "/run/secrets/token",
            ["MOPT_READONLY_TOKEN"] = "viewer",
            ["command-bind"] = "127.0.0.1",
        }).Build();

        var endpoint = NodeOptions.Read(configuration).Endpoint!;

        Assert.Equal(9141, endpoint.Port);
        Assert.Equal("127.0.0.1", endpoint.Bind);
        Assert.Equal("/run/secrets/token", endpoint.TokenFile);
        Assert.Equal("viewer", endpoint.ReadOnlyToken);
        Assert.Throws<ArgumentException>(() => CommandEndpointOptions.Read(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["command-port"] = "99999" }).Build()));
    }
}
