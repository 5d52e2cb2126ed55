namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// K = L Lᵀ for a symmetric positive-definite matrix held as a flat row-major array. Written on plain arrays
/// rather than MathNet's managed provider because the likelihood fit factors and inverts K dozens of times per
/// suggestion, and at n = 100 this is several times faster than MathNet's Cholesky plus Solve(I).
/// </summary>
internal sealed class CholeskyFactor
{
    private readonly double[] _lower;

    private CholeskyFactor(double[] lower, int size)
    {
        _lower = lower;
        Size = size;
    }

    public int Size { get; }

    /// <summary>The factor of <paramref name="k"/> (row-major n×n), adding growing diagonal jitter when rounding makes it indefinite; null if that fails too.</summary>
    public static CholeskyFactor? TryCreate(double[] k, int n)
    {
        var jitter = 0.0;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var lower = new double[n * n];
            if (TryDecompose(k, n, jitter, lower)) return new CholeskyFactor(lower, n);
            jitter = jitter == 0 ? 1e-8 : jitter * 100;
        }
        return null;
    }

    public double LogDeterminant()
    {
        var sum = 0.0;
        for (var i = 0; i < Size; i++) sum += 2 * Math.Log(_lower[i * Size + i]);
        return sum;
    }

    /// <summary>Overwrites <paramref name="v"/> with L⁻¹v.</summary>
    public void ForwardSubstitute(double[] v)
    {
        for (var i = 0; i < Size; i++)
        {
            var s = v[i];
            var row = i * Size;
            for (var j = 0; j < i; j++) s -= _lower[row + j] * v[j];
            v[i] = s / _lower[row + i];
        }
    }

    /// <summary>K⁻¹b.</summary>
    public double[] Solve(double[] b)
    {
        var x = (double[])b.Clone();
        ForwardSubstitute(x);
        for (var i = Size - 1; i >= 0; i--)
        {
            var s = x[i];
            for (var j = i + 1; j < Size; j++) s -= _lower[j * Size + i] * x[j];
            x[i] = s / _lower[i * Size + i];
        }
        return x;
    }

    /// <summary>K⁻¹ = L⁻ᵀL⁻¹, row-major.</summary>
    public double[] Inverse()
    {
        var n = Size;
        // Row c of `columns` is column c of L⁻¹ (zero above the diagonal), so every inner loop runs along memory.
        var columns = new double[n * n];
        for (var c = 0; c < n; c++)
        {
            var column = c * n;
            columns[column + c] = 1 / _lower[c * n + c];
            for (var i = c + 1; i < n; i++)
            {
                var row = i * n;
                var s = 0.0;
                for (var p = c; p < i; p++) s -= _lower[row + p] * columns[column + p];
                columns[column + i] = s / _lower[row + i];
            }
        }
        var inverse = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j <= i; j++)
            {
                var s = 0.0;
                for (var p = i; p < n; p++) s += columns[i * n + p] * columns[j * n + p];
                inverse[i * n + j] = inverse[j * n + i] = s;
            }
        return inverse;
    }

    private static bool TryDecompose(double[] k, int n, double jitter, double[] lower)
    {
        for (var j = 0; j < n; j++)
        {
            var s = k[j * n + j] + jitter;
            for (var p = 0; p < j; p++) s -= lower[j * n + p] * lower[j * n + p];
            if (!(s > 0)) return false;
            var d = Math.Sqrt(s);
            lower[j * n + j] = d;
            for (var i = j + 1; i < n; i++)
            {
                var t = k[i * n + j];
                for (var p = 0; p < j; p++) t -= lower[i * n + p] * lower[j * n + p];
                lower[i * n + j] = t / d;
            }
        }
        return true;
    }
}
