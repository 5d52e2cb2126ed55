using System.Text;

namespace ModelOpt.Training.Command;

/// <summary>
/// Reads a trial process's output as lines of UTF-8 text, whatever bytes it writes. Unlike a <see cref="StreamReader"/>,
/// it never looks for a byte-order mark (the bytes <c>FF FE</c> are two invalid characters, not a switch to UTF-16 for
/// the rest of the stream; a UTF-8 mark at the very start is dropped), and a line is cut at
/// <see cref="MaxLineChars"/>: the rest of an overlong line is read and discarded, so a process that never writes a
/// newline costs a bounded amount of memory. Lines end at <c>\n</c>, <c>\r</c> or <c>\r\n</c>.
/// </summary>
public sealed class OutputLineReader(Stream stream, int maxLineChars = OutputLineReader.DefaultMaxLineChars)
{
    public const int DefaultMaxLineChars = 64 * 1024;

    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private readonly byte[] _bytes = new byte[8192];
    // A decoder holds back at most 3 bytes of an unfinished character, each of which may come out as one U+FFFD.
    private readonly char[] _chars = new char[8192 + 3];
    private readonly StringBuilder _line = new();
    private int _charCount;
    private int _charPos;
    private bool _atStart = true;
    private bool _ended;
    private bool _afterCr;

    public int MaxLineChars => maxLineChars;

    /// <summary>The next line, or null at the end of the stream.</summary>
    public async Task<OutputLine?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _line.Clear();
        var cut = false;
        while (true)
        {
            if (_charPos == _charCount && !await FillAsync(cancellationToken))
                return _line.Length > 0 || cut ? new OutputLine(_line.ToString(), cut) : null;
            while (_charPos < _charCount)
            {
                var c = _chars[_charPos++];
                if (_afterCr)
                {
                    _afterCr = false;
                    if (c == '\n') continue;
                }
                if (c is '\n' or '\r')
                {
                    _afterCr = c == '\r';
                    return new OutputLine(_line.ToString(), cut);
                }
                // A line is cut between characters, never inside a surrogate pair.
                if (!cut && (_line.Length < maxLineChars - 1 || (_line.Length == maxLineChars - 1 && !char.IsHighSurrogate(c)))) _line.Append(c);
                else cut = true;
            }
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_ended) return false;
        var read = await stream.ReadAsync(_bytes, cancellationToken);
        _ended = read == 0;
        _charCount = _decoder.GetChars(_bytes, 0, read, _chars, 0, flush: _ended);
        _charPos = 0;
        if (_atStart && _charCount > 0)
        {
            _atStart = false;
            if (_chars[0] == '\uFEFF') _charPos = 1;
        }
        return _charCount > _charPos || !_ended;
    }
}

/// <summary>One line of a trial's output; <see cref="Cut"/> when it was longer than the reader keeps.</summary>
public sealed record OutputLine(string Text, bool Cut);
