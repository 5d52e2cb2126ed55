using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ModelOpt.Search.Specs.Reading;

/// <summary>
/// Loads the one YAML document of a spec within <paramref name="limits"/> (size, depth, nodes with aliases expanded,
/// each checked before the text or its nodes are taken in). Malformed or oversized text becomes a single
/// <see cref="SpecError"/> with the line and column where reading failed.
/// </summary>
internal static class YamlDocumentLoader
{
    public static YamlNode Load(string text, string documentPath, SpecLimits limits)
    {
        CheckSize(System.Text.Encoding.UTF8.GetByteCount(text), documentPath, limits);
        var stream = new YamlStream();
        var parser = new BoundedYamlParser(new Parser(new StringReader(text)), limits, documentPath);
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            var message = (e.InnerException as YamlException)?.Message ?? e.Message;
            throw Single(documentPath, $"not valid YAML: {message}", e.Start);
        }
        catch (ArgumentException)
        {
            // YamlDotNet's document loader throws this on an event it does not expect where a node should start
            // (e.g. a mapping value followed by stray text such as "*a" after a flow mapping).
            throw Single(documentPath, "not valid YAML: unexpected content here; is an alias, anchor or indentation out of place?", parser.LastGood);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, without a position, on some unterminated flow collections.
            throw Single(documentPath, "not valid YAML: cannot read past here; is a bracket, brace or quote left open?", parser.LastGood);
        }
        return stream.Documents.Count switch
        {
            0 => throw Single(documentPath, "the spec is empty", null),
            1 => stream.Documents[0].RootNode,
            _ => throw Single(documentPath, "holds several YAML documents; a spec is one document", stream.Documents[1].RootNode.Start),
        };
    }

    /// <summary>Refuses a spec of <paramref name="bytes"/> over <see cref="SpecLimits.MaxSpecBytes"/>.</summary>
    public static void CheckSize(long bytes, string documentPath, SpecLimits limits)
    {
        if (bytes > limits.MaxSpecBytes)
            throw new SpecTooLargeException(new SpecError(documentPath, $"too large: {SpecLimits.Size(bytes)}; a spec may be at most {SpecLimits.Size(limits.MaxSpecBytes)}"));
    }

    private static SpecException Single(string path, string message, Mark? at) =>
        new([at is { } m ? new SpecError(path, message, (int)m.Line, (int)m.Column) : new SpecError(path, message)]);
}
