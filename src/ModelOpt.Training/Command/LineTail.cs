namespace ModelOpt.Training.Command;

/// <summary>The last <c>capacity</c> lines added (thread-safe), for quoting a crashed process's stderr.</summary>
public sealed class LineTail(int capacity)
{
    private readonly Queue<string> _lines = new();

    public void Add(string line)
    {
        if (capacity == 0) return;
        lock (_lines)
        {
            if (_lines.Count == capacity) _lines.Dequeue();
            _lines.Enqueue(line);
        }
    }

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return _lines.ToList(); }
    }
}
