using Xunit;

namespace ModelOpt.Training.Tests;

public sealed class NativeErrorsTests
{
    [Fact]
    public void A_libtorch_message_loses_its_backtrace()
    {
        const string message = "index out of range in self\nException raised from operator() at /pytorch/aten/src/ATen/native/TensorAdvancedIndexing.cpp:1839 (most recent call first):\nframe #0: c10::Error::Error(...)";
        Assert.Equal("index out of range in self", NativeErrors.Trim(message));
        Assert.Equal("[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory",
            NativeErrors.Trim("[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory\nframe #0: c10::ThrowEnforceNotMet"));
        Assert.Equal("plain message", NativeErrors.Trim("plain message"));
    }
}
