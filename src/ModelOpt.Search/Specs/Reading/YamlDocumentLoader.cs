using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ModelOpt.Search.Specs.Reading;

/// <summary>
/// Loads the one YAML document of a spec. Malformed text becomes a single <see cref="SpecError"/> with the line
/// and column where reading failed.
/// </summary>
internal static class YamlDocumentLoader
{
    public static YamlNode Load(string text, string documentPath)
    {
        var stream = new YamlStream();
        var parser = new PositionTrackingParser(new Parser(new StringReader(text)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            var message = (e.InnerException as YamlException)?.Message ?? e.Message;
            throw Single(documentPath, $"not valid YAML: {message}", e.Start);
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

    private static SpecException Single(string path, string message, Mark? at) =>
        new([at is { } m ? new SpecError(path, message, (int)m.Line, (int)m.Column) : new SpecError(path, message)]);

    /// <summary>Remembers where the last event that parsed cleanly ended.</summary>
    private sealed class PositionTrackingParser(IParser inner) : IParser
    {
        public Mark? LastGood { get; private set; }

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (inner.Current is { } current) LastGood = current.End;
            return inner.MoveNext();
        }
    }
}
