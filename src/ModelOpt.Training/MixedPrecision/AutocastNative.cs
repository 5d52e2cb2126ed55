using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace ModelOpt.Training.MixedPrecision;

/// <summary>
/// libtorch's autocast switches (<c>at::autocast</c> in libtorch_cpu), which TorchSharp 0.107 does not wrap, called
/// through their exported C++ symbols. They have had these signatures since PyTorch 2.4 (the 2.10 libtorch TorchSharp
/// ships and the 2.11 CUDA wheel both export them); where a libtorch lacks one, <see cref="Available"/> is false and
/// mixed precision is refused with a clear error instead of crashing.
/// </summary>
internal static class AutocastNative
{
    // c10::DeviceType values.
    public const sbyte Cpu = 0;
    public const sbyte Cuda = 1;

    public readonly record struct State(bool Enabled, sbyte Dtype);

    private delegate void SetEnabledFn(sbyte device, [MarshalAs(UnmanagedType.U1)] bool enabled);
    [return: MarshalAs(UnmanagedType.U1)]
    private delegate bool IsEnabledFn(sbyte device);
    private delegate void SetDtypeFn(sbyte device, sbyte dtype);
    private delegate sbyte GetDtypeFn(sbyte device);
    private delegate long NestingFn();
    private delegate void ClearCacheFn();

    private sealed record Functions(SetEnabledFn SetEnabled, IsEnabledFn IsEnabled, SetDtypeFn SetDtype, GetDtypeFn GetDtype,
        NestingFn Increment, NestingFn Decrement, ClearCacheFn ClearCache);

    private static readonly Lazy<Functions?> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static bool Available => Loaded.Value is not null;

    public static State Enter(sbyte device, ScalarType dtype)
    {
        var f = Loaded.Value ?? throw new InvalidOperationException("libtorch's autocast functions are not available");
        var previous = new State(f.IsEnabled(device), f.GetDtype(device));
        f.SetDtype(device, (sbyte)dtype);
        f.SetEnabled(device, true);
        f.Increment();
        return previous;
    }

    public static void Exit(sbyte device, State previous)
    {
        var f = Loaded.Value!;
        if (f.Decrement() == 0) f.ClearCache();
        f.SetEnabled(device, previous.Enabled);
        f.SetDtype(device, previous.Dtype);
    }

    private static Functions? Load()
    {
        // TorchSharp has loaded libtorch by now (a tensor exists); dlopen by name returns that copy.
        empty(0).Dispose();
        if (!NativeLibrary.TryLoad("libtorch_cpu.so", out var library) && !NativeLibrary.TryLoad("libtorch_cpu.dylib", out library)
            && !NativeLibrary.TryLoad("torch_cpu.dll", out library))
            return null;
        T? Get<T>(string symbol) where T : Delegate =>
            NativeLibrary.TryGetExport(library, symbol, out var address) ? Marshal.GetDelegateForFunctionPointer<T>(address) : null;
        var setEnabled = Get<SetEnabledFn>("_ZN2at8autocast20set_autocast_enabledEN3c1010DeviceTypeEb");
        var isEnabled = Get<IsEnabledFn>("_ZN2at8autocast19is_autocast_enabledEN3c1010DeviceTypeE");
        var setDtype = Get<SetDtypeFn>("_ZN2at8autocast18set_autocast_dtypeEN3c1010DeviceTypeENS1_10ScalarTypeE");
        var getDtype = Get<GetDtypeFn>("_ZN2at8autocast18get_autocast_dtypeEN3c1010DeviceTypeE");
        var increment = Get<NestingFn>("_ZN2at8autocast17increment_nestingEv");
        var decrement = Get<NestingFn>("_ZN2at8autocast17decrement_nestingEv");
        var clear = Get<ClearCacheFn>("_ZN2at8autocast11clear_cacheEv");
        return setEnabled is null || isEnabled is null || setDtype is null || getDtype is null || increment is null || decrement is null || clear is null
            ? null
            : new Functions(setEnabled, isEnabled, setDtype, getDtype, increment, decrement, clear);
    }
}
