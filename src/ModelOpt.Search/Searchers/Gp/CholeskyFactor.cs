namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// K = L Lᵀ for a symmetric positive-definite matrix held as a flat row-major array. Written on plain arrays with
/// SIMD inner loops (<see cref="DenseMath"/>) rather than MathNet's managed provider: the likelihood fit factors and
/// inverts K dozens of times per fit and every suggestion solves against it hundreds of times. Every loop runs along
/// rows of L, so memory is read in order.
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
    public void ForwardSubstitute(Span<double> v)
    {
        var n = Size;
        for (var i = 0; i < n; i++)
            v[i] = (v[i] - DenseMath.Dot(_lower.AsSpan(i * n, i), v[..i])) / _lower[i * n + i];
    }

    /// <summary>K⁻¹b.</summary>
    public double[] Solve(double[] b)
    {
        var x = (double[])b.Clone();
        ForwardSubstitute(x);
        // Lᵀx = y, column by column from the end: x_i is final once the later columns were subtracted from it.
        var n = Size;
        for (var i = n - 1; i >= 0; i--)
        {
            x[i] /= _lower[i * n + i];
            DenseMath.SubtractScaled(x, x[i], _lower.AsSpan(i * n, i));
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
            var column = columns.AsSpan(c * n, n);
            column[c] = 1 / _lower[c * n + c];
            for (var i = c + 1; i < n; i++)
                column[i] = -DenseMath.Dot(_lower.AsSpan(i * n + c, i - c), column[c..i]) / _lower[i * n + i];
        }
        var inverse = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j <= i; j++)
                inverse[i * n + j] = inverse[j * n + i] = DenseMath.Dot(columns.AsSpan(i * n + i, n - i), columns.AsSpan(j * n + i, n - i));
        return inverse;
    }

    private static bool TryDecompose(double[] k, int n, double jitter, double[] lower)
    {
        for (var j = 0; j < n; j++)
        {
            var rowJ = lower.AsSpan(j * n, j);
            var s = k[j * n + j] + jitter - DenseMath.Dot(rowJ, rowJ);
            if (!(s > 0)) return false;
            var d = Math.Sqrt(s);
            lower[j * n + j] = d;
            for (var i = j + 1; i < n; i++)
                lower[i * n + j] = (k[i * n + j] - DenseMath.Dot(lower.AsSpan(i * n, j), rowJ)) / d;
        }
        return true;
    }
}
