using System.Text.Json;

namespace ModelOpt.Cli.Client;

/// <summary>
/// <c>context.json</c> in the <see cref="ConfigDirectory"/>: the endpoint <c>mopt</c> talks to when no host is given,
/// and the file holding its token. <c>mopt run</c> writes it for its embedded node.
/// </summary>
public sealed record ClientContext(string Host, string? TokenFile)
{
    public const string FileName = "context.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static ClientContext? Read(string configDirectory)
    {
        var path = System.IO.Path.Combine(configDirectory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<ClientContext>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new CliFailure(ExitCodes.Usage, $"{path}: not a valid context file ({e.Message})");
        }
    }

    public void Write(string configDirectory)
    {
        Directory.CreateDirectory(configDirectory);
        var path = System.IO.Path.Combine(configDirectory, FileName);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json));
        File.Move(temp, path, overwrite: true);
    }
}
