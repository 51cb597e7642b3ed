namespace FactCheck.Bench.Hosts;

/// <summary>CPU time spent per call over a load step: CPU seconds after minus before, divided by the calls made.</summary>
public sealed class CpuPerCall(Func<double> cpuSeconds)
{
    private readonly double _before = cpuSeconds();

    /// <summary>A service's own CPU: utime + stime of its process.</summary>
    public CpuPerCall(ServiceUnderTest service)
        : this(() => service.Sample().CpuSeconds)
    {
    }

    /// <summary>Microseconds of CPU per call since this was created.</summary>
    public double MicrosecondsPer(long calls) => (cpuSeconds() - _before) / calls * 1e6;
}
